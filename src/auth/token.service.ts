import { randomBytes } from 'node:crypto';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { uuidv7 } from '@app/common';
import { AppConfig } from '../config/environment';
import type { SubjectType } from '../sessions/refresh-token.entity';
import { SessionsService } from '../sessions/sessions.service';
import { SystemSettingsService } from '../system/system-settings.service';

export const JWT_ALGORITHM = 'HS256';
export const JWT_ISSUER = 'crm-customers';
export const STAFF_AUDIENCE = 'crm-admin';
export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
const JWT_SECRET_SETTING = 'auth.jwt_secret';

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  tokenType: 'Bearer';
}

export interface AccessClaims {
  sub: string;
  typ: 'access';
}

/**
 * Access tokens (HS256 JWTs, 15 minutes, issuer and audience pinned) paired with a
 * refresh token of the subject's session.
 */
@Injectable()
export class TokenService implements OnModuleInit {
  private secret: string;

  constructor(
    private readonly config: AppConfig,
    private readonly jwt: JwtService,
    private readonly sessions: SessionsService,
    private readonly settings: SystemSettingsService,
  ) {}

  /** Unless configured, generated once and stored, so every instance on this database signs alike. */
  async onModuleInit(): Promise<void> {
    this.secret =
      this.config.jwtSecret ??
      (await this.settings.getOrInitialise(JWT_SECRET_SETTING, () => randomBytes(48).toString('base64url')));
  }

  get signingSecret(): string {
    return this.secret;
  }

  async issue(subjectType: SubjectType, subjectId: string, audience: string, familyId?: string): Promise<TokenPair> {
    const claims: AccessClaims = { sub: subjectId, typ: 'access' };
    const accessToken = await this.jwt.signAsync(claims, {
      secret: this.secret,
      algorithm: JWT_ALGORITHM,
      issuer: JWT_ISSUER,
      audience,
      expiresIn: ACCESS_TOKEN_TTL_SECONDS,
      jwtid: uuidv7(),
    });
    const refreshToken = await this.sessions.open(subjectType, subjectId, familyId);
    return { accessToken, refreshToken, expiresIn: ACCESS_TOKEN_TTL_SECONDS, tokenType: 'Bearer' };
  }
}
