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
/** The audience of contacts' portal tokens: no staff route takes them, and no portal route takes a staff token. */
export const PORTAL_AUDIENCE = 'crm-portal';
export type Audience = typeof STAFF_AUDIENCE | typeof PORTAL_AUDIENCE;
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
  /**
   * The issue time in milliseconds (`iat` counts whole seconds): a token issued just after its
   * subject's sessions ended is told apart from one issued just before, within the same second.
   */
  issuedAtMs: number;
  /** The administrator who logged in as this client. */
  imp?: string;
}

/** What a valid access token says: whose it is, when it was issued (ms), and who is behind a login as client. */
export interface VerifiedAccess {
  subject: string;
  issuedAt: number;
  impersonatedBy: string | null;
}

/** The issue time of a token in milliseconds: its `issuedAtMs` when that lies within its `iat` second, else the start of that second. */
function issuedAtOf(iat: number, issuedAtMs: unknown): number {
  const second = iat * 1000;
  return typeof issuedAtMs === 'number' && issuedAtMs >= second && issuedAtMs < second + 1000 ? issuedAtMs : second;
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
  private readonly verified = new Map<string, { audience: Audience; access: VerifiedAccess; validUntil: number }>();

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
   * The subject of a valid access token for `audience` (algorithm, issuer, audience and age
   * pinned), with the moment it was issued and, for a login as a client, the administrator
   * behind it; undefined for any token that is not one. A remembered token is answered for
   * its own audience only.
   */
  accessOf(token: string, audience: Audience): VerifiedAccess | undefined {
    const known = this.verified.get(token);
    if (known) {
      if (Date.now() >= known.validUntil) {
        this.verified.delete(token);
        return undefined;
      }
      return known.audience === audience ? known.access : undefined;
    }
    try {
      const claims = verify(token, this.key, {
        algorithms: [JWT_ALGORITHM],
        issuer: JWT_ISSUER,
        audience,
        maxAge: `${ACCESS_TOKEN_TTL_SECONDS}s`,
      });
      if (typeof claims !== 'object' || claims.typ !== 'access' || typeof claims.sub !== 'string') return undefined;
      if (claims.imp !== undefined && (audience !== PORTAL_AUDIENCE || typeof claims.imp !== 'string')) {
        return undefined;
      }
      const iat = claims.iat;
      if (iat === undefined) return undefined;
      const access: VerifiedAccess = {
        subject: claims.sub,
        // Never later than `iat` allows: a claimed millisecond outside its second is not believed.
        issuedAt: issuedAtOf(iat, claims.issuedAtMs),
        impersonatedBy: typeof claims.imp === 'string' ? claims.imp : null,
      };
      this.remember(token, audience, access, claims.exp, iat);
      return access;
    } catch {
      return undefined;
    }
  }

  /** Valid until its expiry or the end of its maximum age, whichever comes first (as `verify` checks). */
  private remember(
    token: string,
    audience: Audience,
    access: VerifiedAccess,
    exp: number | undefined,
    iat: number,
  ): void {
    if (exp === undefined) return;
    if (this.verified.size >= VERIFIED_TOKENS_KEPT) this.verified.clear();
    this.verified.set(token, {
      audience,
      access,
      validUntil: Math.min(exp, iat + ACCESS_TOKEN_TTL_SECONDS) * 1000,
    });
  }

  /** A pair that opens a new session, begun in the subject's session `generation`. */
  async issue(subjectType: SubjectType, subjectId: string, audience: Audience, generation: number): Promise<TokenPair> {
    const refreshToken = await this.sessions.open(subjectType, subjectId, generation);
    return this.pair(subjectId, audience, refreshToken);
  }

  /** A new access token next to the session's refresh token. */
  async pair(subjectId: string, audience: Audience, refreshToken: string): Promise<TokenPair> {
    return {
      accessToken: await this.accessToken(subjectId, audience),
      refreshToken,
      expiresIn: ACCESS_TOKEN_TTL_SECONDS,
      tokenType: 'Bearer',
    };
  }

  /**
   * A portal access token for `contactId` opened by the administrator `adminId` (login as
   * client): no refresh token, so it ends with its fifteen minutes.
   */
  impersonation(contactId: string, adminId: string): Promise<string> {
    return this.accessToken(contactId, PORTAL_AUDIENCE, adminId);
  }

  private accessToken(subjectId: string, audience: Audience, impersonatedBy?: string): Promise<string> {
    const now = Date.now();
    const claims: AccessClaims & { iat: number } = {
      sub: subjectId,
      typ: 'access',
      iat: Math.floor(now / 1000),
      issuedAtMs: now,
      ...(impersonatedBy ? { imp: impersonatedBy } : {}),
    };
    return this.jwt.signAsync(claims, {
      privateKey: this.key,
      algorithm: JWT_ALGORITHM,
      issuer: JWT_ISSUER,
      audience,
      expiresIn: ACCESS_TOKEN_TTL_SECONDS,
      jwtid: uuidv7(),
    });
  }
}
