import { Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import { TransactionalConnection } from '@app/database';
import { RefreshToken, SubjectType } from './refresh-token.entity';
import { SessionSubject } from './session-subject.entity';

/** `refresh_tokens` and `session_subjects`. Calls join the current transaction. */
@Injectable()
export class SessionsRepository {
  constructor(private readonly connection: TransactionalConnection) {}

  private get tokens() {
    return this.connection.getRepository(RefreshToken);
  }

  /** The subject's session generation, or undefined when it has no row yet. */
  async generationOf(subjectType: SubjectType, subjectId: string): Promise<number | undefined> {
    const subject = await this.connection
      .getRepository(SessionSubject)
      .findOne({ select: { generation: true }, where: { subjectType, subjectId } });
    return subject?.generation;
  }

  findTokenByHash(tokenHash: string): Promise<RefreshToken | null> {
    return this.tokens.findOneBy({ tokenHash });
  }

  async insertToken(token: RefreshToken): Promise<void> {
    await this.tokens.insert(token);
  }

  /** Marks a token used (a guarded update: of two concurrent uses, one wins), unless revoked or expired. */
  async markUsed(id: string, now: Date): Promise<boolean> {
    const claimed = await this.tokens
      .createQueryBuilder()
      .update()
      .set({ usedAt: now })
      .where('id = :id AND used_at IS NULL AND revoked_at IS NULL AND expires_at > :now', { id, now })
      .execute();
    return (claimed.affected ?? 0) > 0;
  }

  async revokeFamily(familyId: string, now: Date): Promise<void> {
    await this.tokens.update({ familyId, revokedAt: IsNull() }, { revokedAt: now });
  }

  async revokeSubject(subjectType: SubjectType, subjectId: string, now: Date): Promise<void> {
    await this.tokens.update({ subjectType, subjectId, revokedAt: IsNull() }, { revokedAt: now });
  }

  /** Deletes the subject's row and every token of it. */
  async deleteSubject(subjectType: SubjectType, subjectId: string): Promise<void> {
    await this.connection.getRepository(SessionSubject).delete({ subjectType, subjectId });
    await this.tokens.delete({ subjectType, subjectId });
  }

  /**
   * Writes the subject's row (creating it when missing): one guarded UPDATE that advances
   * `version` (and `generation` with `nextGeneration`), only while the generation is
   * `generation` when that is given. Answers whether it wrote.
   */
  async writeSubject(
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
