import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import { DomainError, uuidv7 } from '@app/common';
import { TransactionalConnection } from '@app/database';
import { RefreshToken, SubjectType } from './refresh-token.entity';

export const REFRESH_TOKEN_TTL_MS = 30 * 24 * 3600 * 1000;

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

export const invalidRefreshToken = () => new DomainError(401, 'INVALID_REFRESH_TOKEN');

/**
 * Login sessions of staff and contacts: opaque refresh tokens, stored hashed, rotated on
 * each use; a token used twice revokes its whole family. The one owner of `refresh_tokens`.
 * Calls inside a transaction join it.
 */
@Injectable()
export class SessionsService {
  constructor(private readonly connection: TransactionalConnection) {}

  private get tokens() {
    return this.connection.getRepository(RefreshToken);
  }

  /** A new refresh token in `familyId` (a new session when omitted); answers the token itself. */
  async open(subjectType: SubjectType, subjectId: string, familyId = uuidv7()): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    const now = new Date();
    await this.connection.transaction(() =>
      this.tokens.insert({
        id: uuidv7(),
        subjectType,
        subjectId,
        familyId,
        tokenHash: sha256(token),
        expiresAt: new Date(now.getTime() + REFRESH_TOKEN_TTL_MS),
        usedAt: null,
        revokedAt: null,
        createdAt: now,
      }),
    );
    return token;
  }

  /**
   * Marks a refresh token used (a guarded update: of two concurrent uses, one wins) and
   * answers whose it is. A token used before, revoked or expired revokes its family.
   */
  async consume(token: string): Promise<RefreshToken> {
    const found = await this.find(token);
    if (!found) throw invalidRefreshToken();
    const now = new Date();
    const claimed = await this.connection.transaction(() =>
      this.tokens.update({ id: found.id, usedAt: IsNull(), revokedAt: IsNull() }, { usedAt: now }),
    );
    if (!claimed.affected || found.expiresAt.getTime() <= now.getTime()) {
      await this.revokeFamily(found.familyId);
      throw invalidRefreshToken();
    }
    return found;
  }

  find(token: string): Promise<RefreshToken | null> {
    return this.tokens.findOneBy({ tokenHash: sha256(token) });
  }

  async revokeFamily(familyId: string): Promise<void> {
    await this.connection.transaction(() =>
      this.tokens.update({ familyId, revokedAt: IsNull() }, { revokedAt: new Date() }),
    );
  }

  /** Ends every session of a subject (password changed, deactivated, signed out everywhere). */
  async revokeAll(subjectType: SubjectType, subjectId: string): Promise<void> {
    await this.connection.transaction(() =>
      this.tokens.update({ subjectType, subjectId, revokedAt: IsNull() }, { revokedAt: new Date() }),
    );
  }

  /** Forgets every session of a subject that is being deleted. */
  async removeAll(subjectType: SubjectType, subjectId: string): Promise<void> {
    await this.connection.transaction(() => this.tokens.delete({ subjectType, subjectId }));
  }
}
