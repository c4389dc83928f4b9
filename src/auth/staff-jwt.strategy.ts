import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { StaffActor } from '../permissions/actor';
import { StaffService } from '../staff/staff.service';
import {
  ACCESS_TOKEN_TTL_SECONDS,
  AccessClaims,
  JWT_ALGORITHM,
  JWT_ISSUER,
  STAFF_AUDIENCE,
  TokenService,
} from './token.service';

/** Bearer access tokens of staff: algorithm, issuer and audience pinned; the staff member read fresh. */
@Injectable()
export class StaffJwtStrategy extends PassportStrategy(Strategy, 'staff-jwt') {
  constructor(
    tokens: TokenService,
    private readonly staff: StaffService,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKeyProvider: (_request: unknown, _raw: unknown, done: (err: unknown, secret?: string) => void) =>
        done(null, tokens.signingSecret),
      algorithms: [JWT_ALGORITHM],
      issuer: JWT_ISSUER,
      audience: STAFF_AUDIENCE,
      jsonWebTokenOptions: { maxAge: `${ACCESS_TOKEN_TTL_SECONDS}s` },
    });
  }

  async validate(claims: AccessClaims): Promise<StaffActor | false> {
    if (claims.typ !== 'access' || typeof claims.sub !== 'string') return false;
    return (await this.staff.loadActor(claims.sub)) ?? false;
  }
}
