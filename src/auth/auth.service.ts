import { Injectable } from '@nestjs/common';
import { StaffActor } from '../permissions/actor';
import { SessionsService, invalidRefreshToken } from '../sessions/sessions.service';
import { StaffDto } from '../staff/dto/staff.dto';
import { StaffService } from '../staff/staff.service';
import { STAFF_AUDIENCE, TokenPair, TokenService } from './token.service';

@Injectable()
export class AuthService {
  constructor(
    private readonly tokens: TokenService,
    private readonly sessions: SessionsService,
    private readonly staff: StaffService,
  ) {}

  issueForStaff(staffId: string): Promise<TokenPair> {
    return this.tokens.issue('staff', staffId, STAFF_AUDIENCE);
  }

  async refresh(refreshToken: string): Promise<TokenPair> {
    const used = await this.sessions.consume(refreshToken);
    if (used.subjectType !== 'staff' || !(await this.staff.loadActor(used.subjectId))) {
      await this.sessions.revokeFamily(used.familyId);
      throw invalidRefreshToken();
    }
    return this.tokens.issue('staff', used.subjectId, STAFF_AUDIENCE, used.familyId);
  }

  async logout(actor: StaffActor, refreshToken?: string): Promise<void> {
    if (!refreshToken) return this.sessions.revokeAll('staff', actor.id);
    const token = await this.sessions.find(refreshToken);
    if (token && token.subjectType === 'staff' && token.subjectId === actor.id) {
      await this.sessions.revokeFamily(token.familyId);
    }
  }

  me(actor: StaffActor): Promise<StaffDto> {
    return this.staff.profileOf(actor);
  }
}
