import { Injectable } from '@nestjs/common';
import { StaffActor } from '../permissions/actor';
import { SessionsService, invalidRefreshToken } from '../sessions/sessions.service';
import { StaffDto } from '../staff/dto/staff.dto';
import { StaffService } from '../staff/staff.service';
import type { SignedIn } from './local.strategy';
import { STAFF_AUDIENCE, TokenPair, TokenService } from './token.service';

@Injectable()
export class AuthService {
  constructor(
    private readonly tokens: TokenService,
    private readonly sessions: SessionsService,
    private readonly staff: StaffService,
  ) {}

  /** The pair of a staff member whose credentials were checked in session `generation` (see LocalStrategy). */
  signIn({ staff, generation }: SignedIn): Promise<TokenPair> {
    return this.tokens.issue('staff', staff.id, STAFF_AUDIENCE, generation);
  }

  async refresh(refreshToken: string): Promise<TokenPair> {
    const current = await this.sessions.find(refreshToken);
    if (!current) throw invalidRefreshToken();
    if (current.subjectType !== 'staff' || !(await this.staff.loadActor(current.subjectId))) {
      await this.sessions.revokeFamily(current);
      throw invalidRefreshToken();
    }
    const next = await this.sessions.rotate(current);
    return this.tokens.pair(current.subjectId, STAFF_AUDIENCE, next);
  }

  async logout(actor: StaffActor, refreshToken?: string): Promise<void> {
    if (!refreshToken) return this.staff.endSessions(actor.id);
    const token = await this.sessions.find(refreshToken);
    if (token && token.subjectType === 'staff' && token.subjectId === actor.id) {
      await this.sessions.revokeFamily(token);
    }
  }

  me(actor: StaffActor): Promise<StaffDto> {
    return this.staff.profileOf(actor);
  }
}
