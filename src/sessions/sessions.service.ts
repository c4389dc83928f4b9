import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import { DomainError, uuidv7 } from '@app/common';
import { TransactionalConnection } from '@app/database';
import { RefreshToken, SubjectType } from './refresh-token.entity';
import { SessionSubject } from './session-subject.entity';

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
  constructor(private readonly connection: TransactionalConnection) {}

  private get tokens() {
    return this.connection.getRepository(RefreshToken);
  }

  /**
   * The subject's current session generation. Read before the credentials are checked, it
   * lets a session that opens after its subject's sessions were ended (a password change
   * while the old password was being checked) be refused at its first refresh.
   */
  async generationOf(subjectType: SubjectType, subjectId: string): Promise<number> {
    const subject = await this.connection
      .getRepository(SessionSubject)
      .findOne({ select: { generation: true }, where: { subjectType, subjectId } });
    return subject?.generation ?? 0;
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
    return this.tokens.findOneBy({ tokenHash: sha256(token) });
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
        (await this.writeSubject(current.subjectType, current.subjectId, { generation: current.generation })) &&
        (await this.claim(current, now));
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
      await this.writeSubject(session.subjectType, session.subjectId, {});
      await this.tokens.update({ familyId: session.familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
    });
  }

  /**
   * Ends every session of a subject (password changed, deactivated, signed out everywhere),
   * including one whose rotation runs at the same moment: see `rotate`.
   */
  async revokeAll(subjectType: SubjectType, subjectId: string): Promise<void> {
    await this.connection.transaction(async () => {
      await this.writeSubject(subjectType, subjectId, { nextGeneration: true });
      await this.tokens.update({ subjectType, subjectId, revokedAt: IsNull() }, { revokedAt: new Date() });
    });
  }

  /** Forgets every session of a subject that is being deleted. */
  async removeAll(subjectType: SubjectType, subjectId: string): Promise<void> {
    await this.connection.transaction(async (manager) => {
      await manager.delete(SessionSubject, { subjectType, subjectId });
      await this.tokens.delete({ subjectType, subjectId });
    });
  }

  /** Marks a token used (a guarded update: of two concurrent uses, one wins), unless revoked or expired. */
  private async claim(token: RefreshToken, now: Date): Promise<boolean> {
    const claimed = await this.tokens
      .createQueryBuilder()
      .update()
      .set({ usedAt: now })
      .where('id = :id AND used_at IS NULL AND revoked_at IS NULL AND expires_at > :now', { id: token.id, now })
      .execute();
    return (claimed.affected ?? 0) > 0;
  }

  private async insertToken(
    session: Session & Pick<RefreshToken, 'generation'>,
    token: string,
    now = new Date(),
  ): Promise<void> {
    await this.tokens.insert({
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

  /**
   * Writes the subject's row in the current transaction (creating it when missing): one
   * guarded UPDATE that advances `version` (and `generation` with `nextGeneration`), only
   * while the generation is `generation` when that is given. Answers whether it wrote.
   */
  private async writeSubject(
    subjectType: SubjectType,
    subjectId: string,
    change: { generation?: number; nextGeneration?: boolean },
  ): Promise<boolean> {
    const manager = this.connection.manager;
    const write = async () => {
      const query = manager
        .createQueryBuilder()
        .update(SessionSubject)
        .set(
          change.nextGeneration
            ? { generation: () => 'generation + 1', version: () => 'version + 1' }
            : { version: () => 'version + 1' },
        )
        .where('subject_type = :subjectType AND subject_id = :subjectId', { subjectType, subjectId });
      if (change.generation !== undefined) query.andWhere('generation = :generation', change);
      return ((await query.execute()).affected ?? 0) > 0;
    };
    if (await write()) return true;
    await manager
      .createQueryBuilder()
      .insert()
      .into(SessionSubject)
      .values({ subjectType, subjectId, generation: 0, version: 0 })
      .orIgnore()
      .execute();
    return write();
  }
}
