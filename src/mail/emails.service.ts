import { Injectable } from '@nestjs/common';
import { caseKey, mapPage, Page, page } from '@app/common';
import { TransactionalConnection } from '@app/database';
import { CustomerAccess } from '../access/customer-access.service';
import { StaffActor } from '../permissions/actor';
import { EmailDto, EmailListQueryDto } from './dto/email.dto';
import { emailNotFailed, emailNotFound } from './mail.errors';
import { OutboxEmail } from './outbox-email.entity';

export const toEmailDto = (email: OutboxEmail): EmailDto => ({
  id: email.id,
  template: email.template,
  language: email.language,
  recipientEmail: email.toEmail,
  recipientName: email.toName,
  customerId: email.customerId,
  contactId: email.contactId,
  status: email.status,
  attempts: email.attempts,
  nextAttemptAt: email.nextAttemptAt.toISOString(),
  lastError: email.lastError,
  messageId: email.messageId,
  createdAt: email.createdAt.toISOString(),
  sentAt: email.sentAt?.toISOString() ?? null,
});

/**
 * The outbox as staff see it: under the customer access rule (staff with `customers.view_own`
 * see the emails of the customers they administer; an email about no customer only staff who
 * see every customer), newest first.
 */
@Injectable()
export class EmailsService {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly access: CustomerAccess,
  ) {}

  private visible(actor: StaffActor) {
    const qb = this.connection.getRepository(OutboxEmail).createQueryBuilder('email');
    return this.access.restrict(qb, actor, 'email.customer_id');
  }

  async list(actor: StaffActor, query: EmailListQueryDto): Promise<Page<EmailDto>> {
    const qb = this.visible(actor);
    if (query.status) qb.andWhere('email.status = :status', { status: query.status });
    if (query.recipient) qb.andWhere('email.to_email = :recipient', { recipient: caseKey(query.recipient) });
    if (query.customerId) qb.andWhere('email.customer_id = :customerId', { customerId: query.customerId });
    return mapPage(await page(qb, query, { tieBreaker: 'email.id', direction: 'DESC', keysFirst: true }), toEmailDto);
  }

  /** A failed email queued again, due now, with a fresh count of attempts; 409 unless failed. */
  async retry(actor: StaffActor, id: string): Promise<EmailDto> {
    return this.connection.transaction(async (manager) => {
      const email = await this.visible(actor).andWhere('email.id = :id', { id }).getOne();
      if (!email) throw emailNotFound();
      const now = new Date();
      const requeued = await manager
        .createQueryBuilder()
        .update(OutboxEmail)
        .set({ status: 'queued', attempts: 0, nextAttemptAt: now })
        .where("id = :id AND status = 'failed'", { id })
        .execute();
      if ((requeued.affected ?? 0) === 0) throw emailNotFailed(email.status);
      return toEmailDto({ ...email, status: 'queued', attempts: 0, nextAttemptAt: now });
    });
  }
}
