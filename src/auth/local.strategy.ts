import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { Strategy } from 'passport-local';
import { StaffService } from '../staff/staff.service';
import type { Staff } from '../staff/staff.entity';
import { invalidCredentials } from './auth.errors';
import { LoginThrottle } from './login-throttle';
import { PasswordHasher } from '../passwords/password-hasher';

const SCOPE = 'staff-login';

/**
 * Email and password of a staff member. Unknown email, wrong password and inactive
 * account fail alike (same answer, same time); failures are throttled per address and email.
 */
@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy, 'staff-local') {
  constructor(
    private readonly staff: StaffService,
    private readonly hasher: PasswordHasher,
    private readonly throttle: LoginThrottle,
  ) {
    super({ usernameField: 'email', passwordField: 'password', passReqToCallback: true, session: false });
  }

  async validate(request: FastifyRequest, email: string, password: string): Promise<Staff> {
    await this.throttle.assertAllowed(SCOPE, request.ip, email);
    const staff = await this.staff.findByEmail(email);
    const valid = staff
      ? await this.hasher.verify(staff.passwordHash, password)
      : await this.hasher.verifyNothing(password);
    if (!staff || !valid || !staff.active) {
      await this.throttle.recordFailure(SCOPE, request.ip, email);
      throw invalidCredentials();
    }
    await this.throttle.recordSuccess(SCOPE, request.ip, email);
    await this.staff.recordLogin(
      staff.id,
      this.hasher.needsRehash(staff.passwordHash) ? await this.hasher.hash(password) : undefined,
    );
    return staff;
  }
}
