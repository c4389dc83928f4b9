import { Injectable } from '@nestjs/common';
import { TransactionalConnection } from '@app/database';
import { LinkPurpose, OneTimeLink } from './one-time-link.entity';

/** `one_time_links`. Calls join the current transaction. */
@Injectable()
export class OneTimeLinksRepository {
  constructor(private readonly connection: TransactionalConnection) {}

  private get links() {
    return this.connection.getRepository(OneTimeLink);
  }

  async insert(link: OneTimeLink): Promise<void> {
    await this.links.insert(link);
  }

  findByTokenHash(tokenHash: string): Promise<OneTimeLink | null> {
    return this.links.findOneBy({ tokenHash });
  }

  /** Marks the link used in one guarded update, only while it is unused and alive; whether it did. */
  async markUsed(id: string, now: Date): Promise<boolean> {
    const taken = await this.links
      .createQueryBuilder()
      .update()
      .set({ usedAt: now })
      .where('id = :id AND used_at IS NULL AND expires_at > :now', { id, now })
      .execute();
    return Boolean(taken.affected);
  }

  /** Marks used every unused link of these contacts (of one purpose, or all). */
  async markUnusedOfContactsUsed(contactIds: readonly string[], now: Date, purpose?: LinkPurpose): Promise<void> {
    const ending = this.links
      .createQueryBuilder()
      .update()
      .set({ usedAt: now })
      .where('contact_id IN (:...contactIds) AND used_at IS NULL', { contactIds });
    if (purpose) ending.andWhere('purpose = :purpose', { purpose });
    await ending.execute();
  }
}
