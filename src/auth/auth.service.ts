import { Injectable } from '@nestjs/common';
import { StaffActor } from '../permissions/actor';
import { StaffDto } from '../staff/dto/staff.dto';
import { StaffService } from '../staff/staff.service';
import { STAFF_AUDIENCE, TokenPair, TokenService, invalidRefreshToken } from './token.service';

@Injectable()
export class AuthService {
  constructor(
    private readonly tokens: TokenService,
    private readonly staff: StaffService,
  ) {}

  issueForStaff(staffId: string): Promise<TokenPair> {
    return this.tokens.issue('staff', staffId, STAFF_AUDIENCE);
  }

  async refresh(refreshToken: string): Promise<TokenPair> {
    const used = await this.tokens.consumeRefreshToken(refreshToken);
    if (used.subjectType !== 'staff' || !(await this.staff.loadActor(used.subjectId))) {
      await this.tokens.revokeFamily(used.familyId);
      throw invalidRefreshToken();
    }
    return this.tokens.issue('staff', used.subjectId, STAFF_AUDIENCE, used.familyId);
  }

  async logout(actor: StaffActor, refreshToken?: string): Promise<void> {
    if (!refreshToken) return this.tokens.revokeAll('staff', actor.id);
    const token = await this.tokens.familyOf(refreshToken);
    if (token && token.subjectType === 'staff' && token.subjectId === actor.id) {
      await this.tokens.revokeFamily(token.familyId);
    }
  }

  me(actor: StaffActor): Promise<StaffDto> {
    return this.staff.get(actor.id);
  }
}
