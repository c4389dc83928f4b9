import { createHash, randomBytes } from 'node:crypto';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { IsNull } from 'typeorm';
import { DomainError, uuidv7 } from '@app/common';
import { TransactionalConnection } from '@app/database';
import { AppConfig } from '../config/environment';
import { SystemSetting } from '../system/system-setting.entity';
import { RefreshToken } from './refresh-token.entity';

export const JWT_ALGORITHM = 'HS256';
export const JWT_ISSUER = 'crm-customers';
export const STAFF_AUDIENCE = 'crm-admin';
export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
export const REFRESH_TOKEN_TTL_MS = 30 * 24 * 3600 * 1000;
const JWT_SECRET_SETTING = 'auth.jwt_secret';

export type SubjectType = 'staff' | 'contact';

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

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

export const invalidRefreshToken = () => new DomainError(401, 'INVALID_REFRESH_TOKEN');

/**
 * Access tokens (HS256 JWTs, 15 minutes, issuer and audience pinned) and refresh tokens
 * (opaque, stored hashed, rotated on each use; a reused token revokes its whole family).
 */
@Injectable()
export class TokenService implements OnModuleInit {
  private secret: string;

  constructor(
    private readonly config: AppConfig,
    private readonly jwt: JwtService,
    private readonly connection: TransactionalConnection,
  ) {}

  async onModuleInit(): Promise<void> {
    this.secret = this.config.jwtSecret ?? (await this.sharedSecret());
  }

  get signingSecret(): string {
    return this.secret;
  }

  /** Generated once and stored, so every instance on this database signs with the same secret. */
  private async sharedSecret(): Promise<string> {
    const repository = () => this.connection.getRepository(SystemSetting);
    await this.connection.transaction(() =>
      repository()
        .createQueryBuilder()
        .insert()
        .values({ key: JWT_SECRET_SETTING, value: randomBytes(48).toString('base64url'), updatedAt: new Date() })
        .orIgnore()
        .execute(),
    );
    return (await repository().findOneByOrFail({ key: JWT_SECRET_SETTING })).value;
  }

  async issue(subjectType: SubjectType, subjectId: string, audience: string, familyId = uuidv7()): Promise<TokenPair> {
    const claims: AccessClaims = { sub: subjectId, typ: 'access' };
    const accessToken = await this.jwt.signAsync(claims, {
      secret: this.secret,
      algorithm: JWT_ALGORITHM,
      issuer: JWT_ISSUER,
      audience,
      expiresIn: ACCESS_TOKEN_TTL_SECONDS,
      jwtid: uuidv7(),
    });
    const refreshToken = randomBytes(32).toString('base64url');
    const now = new Date();
    await this.connection.transaction((manager) =>
      manager.insert(RefreshToken, {
        id: uuidv7(),
        subjectType,
        subjectId,
        familyId,
        tokenHash: sha256(refreshToken),
        expiresAt: new Date(now.getTime() + REFRESH_TOKEN_TTL_MS),
        usedAt: null,
        revokedAt: null,
        createdAt: now,
      }),
    );
    return { accessToken, refreshToken, expiresIn: ACCESS_TOKEN_TTL_SECONDS, tokenType: 'Bearer' };
  }

  /**
   * Marks a refresh token used (a guarded update: of two concurrent uses, one wins) and
   * answers whose it is. A token used before, revoked or expired revokes its family.
   */
  async consumeRefreshToken(token: string): Promise<RefreshToken> {
    const found = await this.connection.getRepository(RefreshToken).findOneBy({ tokenHash: sha256(token) });
    if (!found) throw invalidRefreshToken();
    const now = new Date();
    const claimed = await this.connection.transaction((manager) =>
      manager.update(RefreshToken, { id: found.id, usedAt: IsNull(), revokedAt: IsNull() }, { usedAt: now }),
    );
    if (!claimed.affected || found.expiresAt.getTime() <= now.getTime()) {
      await this.revokeFamily(found.familyId);
      throw invalidRefreshToken();
    }
    return found;
  }

  async revokeFamily(familyId: string): Promise<void> {
    await this.connection.transaction((manager) =>
      manager.update(RefreshToken, { familyId, revokedAt: IsNull() }, { revokedAt: new Date() }),
    );
  }

  async revokeAll(subjectType: SubjectType, subjectId: string): Promise<void> {
    await this.connection.transaction((manager) =>
      manager.update(RefreshToken, { subjectType, subjectId, revokedAt: IsNull() }, { revokedAt: new Date() }),
    );
  }

  async familyOf(token: string): Promise<RefreshToken | null> {
    return this.connection.getRepository(RefreshToken).findOneBy({ tokenHash: sha256(token) });
  }
}
