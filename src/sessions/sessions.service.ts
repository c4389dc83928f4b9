import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DomainError, uuidv7 } from '@app/common';
import { TransactionalConnection } from '@app/database';
import { RefreshToken, SubjectType } from './refresh-token.entity';
import { SessionsRepository } from './sessions.repository';

export const REFRESH_TOKEN_TTL_MS = 30 * 24 * 3600 * 1000;

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

export const invalidRefreshToken = () => new DomainError(401, 'INVALID_REFRESH_TOKEN');

/** The session a refresh token belongs to. */
export type Session = Pick<RefreshToken, 'subjectType' | 'subjectId' | 'familyId'>;

/**
 * Login sessions of staff and contacts: opaque refresh tokens, stored hashed, rotated on
 * each use; a token used twice revokes its whole family. Ending every session of a subject
 * advances the subject's generation, and a session of an earlier generation is never
 * rotated again, whenever its rotation ran. The one owner of `refresh_tokens` and
 * `session_subjects`. Calls inside a transaction join it.
 */
@Injectable()
export class SessionsService {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly sessions: SessionsRepository,
  ) {}

  /**
   * The subject's current session generation. Read before the credentials are checked, it
   * lets a session that opens after its subject's sessions were ended (a password change
   * while the old password was being checked) be refused at its first refresh.
   */
  async generationOf(subjectType: SubjectType, subjectId: string): Promise<number> {
    return (await this.sessions.generationOf(subjectType, subjectId)) ?? 0;
  }

  /** A new session begun in `generation`; answers its first refresh token. */
  async open(subjectType: SubjectType, subjectId: string, generation: number): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await this.connection.transaction(() =>
      this.insertToken({ subjectType, subjectId, familyId: uuidv7(), generation }, token),
    );
    return token;
  }

  find(token: string): Promise<RefreshToken | null> {
    return this.sessions.findTokenByHash(sha256(token));
  }

  /**
   * Exchanges `current` (found by `find`) for the next token of its session, in one
   * transaction: the subject's row is written first, so an ending of the subject's
   * sessions is either committed before (and the session is refused) or waits until the
   * new token is committed (and ends it too). A token used before, revoked or expired, or
   * a session of an earlier generation, revokes its whole session: 401.
   */
  async rotate(current: RefreshToken): Promise<string> {
    const next = randomBytes(32).toString('base64url');
    const rotated = await this.connection.transaction(async () => {
      const now = new Date();
      const usable =
        (await this.sessions.writeSubject(current.subjectType, current.subjectId, {
          generation: current.generation,
        })) && (await this.sessions.markUsed(current.id, now));
      if (usable) await this.insertToken(current, next, now);
      else await this.revokeFamily(current);
      return usable;
    });
    if (!rotated) throw invalidRefreshToken();
    return next;
  }

  /** Ends one session (its every token). */
  async revokeFamily(session: Session): Promise<void> {
    await this.connection.transaction(async () => {
      await this.sessions.writeSubject(session.subjectType, session.subjectId, {});
      await this.sessions.revokeFamily(session.familyId, new Date());
    });
  }

  /**
   * Ends every session of a subject (password changed, deactivated, signed out everywhere),
   * including one whose rotation runs at the same moment: see `rotate`.
   */
  async revokeAll(subjectType: SubjectType, subjectId: string): Promise<void> {
    await this.connection.transaction(async () => {
      await this.sessions.writeSubject(subjectType, subjectId, { nextGeneration: true });
      await this.sessions.revokeSubject(subjectType, subjectId, new Date());
    });
  }

  /** Forgets every session of a subject that is being deleted. */
  async removeAll(subjectType: SubjectType, subjectId: string): Promise<void> {
    await this.connection.transaction(() => this.sessions.deleteSubject(subjectType, subjectId));
  }

  private async insertToken(
    session: Session & Pick<RefreshToken, 'generation'>,
    token: string,
    now = new Date(),
  ): Promise<void> {
    await this.sessions.insertToken({
      id: uuidv7(),
      subjectType: session.subjectType,
      subjectId: session.subjectId,
      familyId: session.familyId,
      generation: session.generation,
      tokenHash: sha256(token),
      expiresAt: new Date(now.getTime() + REFRESH_TOKEN_TTL_MS),
      usedAt: null,
      revokedAt: null,
      createdAt: now,
    });
  }
}
