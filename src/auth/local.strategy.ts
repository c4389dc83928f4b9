import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { Strategy } from 'passport-local';
import { StaffService } from '../staff/staff.service';
import type { Staff } from '../staff/staff.entity';
import { invalidCredentials } from './auth.errors';
import { LoginThrottle } from './login-throttle';
import { PasswordHasher } from '../passwords/password-hasher';
import { SessionsService } from '../sessions/sessions.service';

const SCOPE = 'staff-login';
/** Stands for an unknown email where a staff id is looked up, so that both cases do the same work. */
const NO_ONE = '00000000-0000-0000-0000-000000000000';

/** A staff member whose credentials were right, and their session generation read before the check. */
export interface SignedIn {
  staff: Staff;
  generation: number;
}

/**
 * Email and password of a staff member. Unknown email, wrong password and inactive
 * account fail alike (same answer, same time). Each attempt holds a slot of the failure
 * limits per address and email while its password is checked (see LoginThrottle).
 */
@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy, 'staff-local') {
  constructor(
    private readonly staff: StaffService,
    private readonly hasher: PasswordHasher,
    private readonly throttle: LoginThrottle,
    private readonly sessions: SessionsService,
  ) {
    super({ usernameField: 'email', passwordField: 'password', passReqToCallback: true, session: false });
  }

  async validate(request: FastifyRequest, email: string, password: string): Promise<SignedIn> {
    const attempt = await this.throttle.begin(SCOPE, request.ip, email);
    let signedIn: SignedIn | null;
    try {
      signedIn = await this.check(email, password);
    } catch (error) {
      await this.throttle.abandoned(attempt).catch(() => undefined);
      throw error;
    }
    if (!signedIn) throw invalidCredentials();
    const { staff } = signedIn;
    await this.throttle.succeeded(attempt);
    await this.staff.recordLogin(
      staff.id,
      this.hasher.needsRehash(staff.passwordHash) ? await this.hasher.hash(password) : undefined,
    );
    return signedIn;
  }

  /**
   * The active staff member these credentials belong to, or null, after the same work
   * either way. The session generation is read before the password hash that is checked:
   * should the password change meanwhile (which ends every session), the session opened
   * with the old password can never be refreshed.
   */
  private async check(email: string, password: string): Promise<SignedIn | null> {
    const candidate = await this.staff.findByEmail(email);
    const generation = await this.sessions.generationOf('staff', candidate?.id ?? NO_ONE);
    const current = await this.staff.findByEmail(email);
    const staff = current && current.id === candidate?.id ? current : null;
    const valid = staff
      ? await this.hasher.verify(staff.passwordHash, password)
      : await this.hasher.verifyNothing(password);
    return staff && valid && staff.active ? { staff, generation } : null;
  }
}
