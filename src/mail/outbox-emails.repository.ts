import { Injectable } from '@nestjs/common';
import { caseKey, Page, page } from '@app/common';
import { TransactionalConnection } from '@app/database';
import { CustomerAccess } from '../access/customer-access.service';
import { StaffActor } from '../permissions/actor';
import { EmailListQueryDto } from './dto/email.dto';
import type { CancelReason } from './outbox-email.entity';
import { OutboxEmail } from './outbox-email.entity';

/** Who an email is about, for cancelling the emails still waiting: a customer, or some contacts. */
export type EmailsAbout = { customerId: string } | { contactIds: string[] };

/**
 * `outbox_emails`: written in the caller's transaction, listed under the customer access
 * rule, and claimed, finished and released by the outbox worker with guarded updates.
 */
@Injectable()
export class OutboxEmailsRepository {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly access: CustomerAccess,
  ) {}

  /** Writes the email row whole, in one statement. */
  insert(email: OutboxEmail): Promise<void> {
    return this.connection.insert(OutboxEmail, [email]);
  }

  /** The emails the actor may see, under the customer access rule. */
  private visible(actor: StaffActor) {
    const qb = this.connection.getRepository(OutboxEmail).createQueryBuilder('email');
    return this.access.restrict(qb, actor, 'email.customer_id');
  }

  /** A page of the emails the actor may see, filtered, newest first. */
  async listPage(actor: StaffActor, query: EmailListQueryDto): Promise<Page<OutboxEmail>> {
    const qb = this.visible(actor);
    if (query.status) qb.andWhere('email.status = :status', { status: query.status });
    if (query.recipient) qb.andWhere('email.to_email = :recipient', { recipient: caseKey(query.recipient) });
    if (query.customerId) qb.andWhere('email.customer_id = :customerId', { customerId: query.customerId });
    return page(qb, query, { tieBreaker: 'email.id', direction: 'DESC', keysFirst: true });
  }

  findVisible(actor: StaffActor, id: string): Promise<OutboxEmail | null> {
    return this.visible(actor).andWhere('email.id = :id', { id }).getOne();
  }

  /** Queues a failed email again, due at `now`, with a fresh count of attempts; whether it was failed. */
  async requeueFailed(id: string, now: Date): Promise<boolean> {
    const requeued = await this.connection.manager
      .createQueryBuilder()
      .update(OutboxEmail)
      .set({ status: 'queued', attempts: 0, nextAttemptAt: now })
      .where("id = :id AND status = 'failed'", { id })
      .execute();
    return (requeued.affected ?? 0) > 0;
  }

  /** Cancels the queued emails about a customer, or to some contacts, keeping the reason as their last error. */
  async cancelQueued(about: EmailsAbout, reason: CancelReason): Promise<void> {
    const cancelling = this.connection
      .getRepository(OutboxEmail)
      .createQueryBuilder()
      .update()
      .set({ status: 'cancelled', lastError: reason })
      .where("status = 'queued'");
    if ('customerId' in about) cancelling.andWhere('customer_id = :customerId', { customerId: about.customerId });
    else cancelling.andWhere('contact_id IN (:...contactIds)', { contactIds: about.contactIds });
    await cancelling.execute();
  }

  /** The ids of up to `limit` emails due at `now` (queued and due, or sending with an ended lease), oldest due first. */
  async dueIds(now: Date, limit: number): Promise<string[]> {
    const candidates: Array<{ id: string }> = await this.connection.manager
      .createQueryBuilder(OutboxEmail, 'email')
      .select('email.id', 'id')
      .where(
        "(email.status = 'queued' AND email.next_attempt_at <= :now) OR (email.status = 'sending' AND email.lease_until < :now)",
        { now },
      )
      .orderBy('email.next_attempt_at', 'ASC')
      .limit(limit)
      .getRawMany();
    return candidates.map(({ id }) => id);
  }

  /**
   * Claims a due email for `claimedBy` until `leaseUntil`, counting an attempt, with one
   * guarded update (only while due and not leased); whether it won.
   */
  async claim(id: string, claimedBy: string, now: Date, leaseUntil: Date): Promise<boolean> {
    const claimed = await this.connection.manager
      .createQueryBuilder()
      .update(OutboxEmail)
      .set({ status: 'sending', claimedBy, leaseUntil, attempts: () => 'attempts + 1' })
      .where('id = :id', { id })
      .andWhere("((status = 'queued' AND next_attempt_at <= :now) OR status = 'sending')", { now })
      .andWhere('(lease_until IS NULL OR lease_until < :now)', { now })
      .execute();
    return (claimed.affected ?? 0) > 0;
  }

  findByIdOrFail(id: string): Promise<OutboxEmail> {
    return this.connection.getRepository(OutboxEmail).findOneByOrFail({ id });
  }

  /** Records the outcome and ends the claim, only while `claimedBy` still holds it. */
  async finish(id: string, claimedBy: string, outcome: Partial<OutboxEmail>): Promise<void> {
    await this.connection
      .getRepository(OutboxEmail)
      .update({ id, claimedBy }, { ...outcome, claimedBy: null, leaseUntil: null });
  }
}
