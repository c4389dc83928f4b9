import { KeyObject, createSecretKey, randomBytes } from 'node:crypto';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { verify } from 'jsonwebtoken';
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
/** Verified access tokens remembered at once; past it the memory starts over. */
const VERIFIED_TOKENS_KEPT = 5_000;

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

/** A bearer token from an `Authorization` header; undefined when there is none. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer[ ]+([A-Za-z0-9._~+/=-]+)$/i.exec(header ?? '');
  return match?.[1];
}

/**
 * Access tokens (HS256 JWTs, 15 minutes, issuer and audience pinned) paired with a
 * refresh token of the subject's session.
 */
@Injectable()
export class TokenService implements OnModuleInit {
  /** The signing secret as a key object: a string would be tried as a public key first on every use. */
  private key: KeyObject;
  /**
   * Tokens this process has verified, by their whole text (signature included), with their
   * subject and the moment they stop being valid: a client sends the same token with every
   * request for its fifteen minutes, and checking its signature again proves nothing new.
   */
  private readonly verified = new Map<string, { subject: string; validUntil: number }>();

  constructor(
    private readonly config: AppConfig,
    private readonly jwt: JwtService,
    private readonly sessions: SessionsService,
    private readonly settings: SystemSettingsService,
  ) {}

  /** Unless configured, generated once and stored, so every instance on this database signs alike. */
  async onModuleInit(): Promise<void> {
    const secret =
      this.config.jwtSecret ??
      (await this.settings.getOrInitialise(JWT_SECRET_SETTING, () => randomBytes(48).toString('base64url')));
    this.key = createSecretKey(Buffer.from(secret));
  }

  /**
   * The subject of a valid staff access token (algorithm, issuer, audience and age
   * pinned), or undefined for any token that is not one.
   */
  staffOf(token: string): string | undefined {
    const known = this.verified.get(token);
    if (known) {
      if (Date.now() < known.validUntil) return known.subject;
      this.verified.delete(token);
      return undefined;
    }
    try {
      const claims = verify(token, this.key, {
        algorithms: [JWT_ALGORITHM],
        issuer: JWT_ISSUER,
        audience: STAFF_AUDIENCE,
        maxAge: `${ACCESS_TOKEN_TTL_SECONDS}s`,
      });
      if (typeof claims !== 'object' || claims.typ !== 'access' || typeof claims.sub !== 'string') return undefined;
      this.remember(token, claims.sub, claims.exp, claims.iat);
      return claims.sub;
    } catch {
      return undefined;
    }
  }

  /** Valid until its expiry or the end of its maximum age, whichever comes first (as `verify` checks). */
  private remember(token: string, subject: string, exp: number | undefined, iat: number | undefined): void {
    if (exp === undefined || iat === undefined) return;
    if (this.verified.size >= VERIFIED_TOKENS_KEPT) this.verified.clear();
    this.verified.set(token, { subject, validUntil: Math.min(exp, iat + ACCESS_TOKEN_TTL_SECONDS) * 1000 });
  }

  /** A pair that opens a new session, begun in the subject's session `generation`. */
  async issue(subjectType: SubjectType, subjectId: string, audience: string, generation: number): Promise<TokenPair> {
    const refreshToken = await this.sessions.open(subjectType, subjectId, generation);
    return this.pair(subjectId, audience, refreshToken);
  }

  /** A new access token next to the session's refresh token. */
  async pair(subjectId: string, audience: string, refreshToken: string): Promise<TokenPair> {
    const claims: AccessClaims = { sub: subjectId, typ: 'access' };
    const accessToken = await this.jwt.signAsync(claims, {
      privateKey: this.key,
      algorithm: JWT_ALGORITHM,
      issuer: JWT_ISSUER,
      audience,
      expiresIn: ACCESS_TOKEN_TTL_SECONDS,
      jwtid: uuidv7(),
    });
    return { accessToken, refreshToken, expiresIn: ACCESS_TOKEN_TTL_SECONDS, tokenType: 'Bearer' };
  }
}
