import { Injectable } from '@nestjs/common';
import { Page, page, PageQueryDto } from '@app/common';
import { TransactionalConnection } from '@app/database';
import { AuditEvent } from './audit-event.entity';

/** Rows written by one INSERT. */
const EVENTS_PER_INSERT = 200;

/** `audit_events`: written in the caller's transaction, read a page at a time, newest first. */
@Injectable()
export class AuditRepository {
  constructor(private readonly connection: TransactionalConnection) {}

  async insert(events: readonly AuditEvent[]): Promise<void> {
    for (let i = 0; i < events.length; i += EVENTS_PER_INSERT) {
      await this.connection.insert(AuditEvent, events.slice(i, i + EVENTS_PER_INSERT));
    }
  }

  /** A customer's events, newest first (ids are time-ordered). */
  pageForCustomer(customerId: string, query: PageQueryDto): Promise<Page<AuditEvent>> {
    const events = this.connection
      .getRepository(AuditEvent)
      .createQueryBuilder('event')
      .where('event.customer_id = :customerId', { customerId });
    return page(events, query, { tieBreaker: 'event.id', direction: 'DESC' });
  }

  /** The events of one record, newest first. */
  pageForEntity(entityType: string, entityId: string, query: PageQueryDto): Promise<Page<AuditEvent>> {
    const events = this.connection
      .getRepository(AuditEvent)
      .createQueryBuilder('event')
      .where('event.entity_type = :entityType AND event.entity_id = :entityId', { entityType, entityId });
    return page(events, query, { tieBreaker: 'event.id', direction: 'DESC' });
  }
}
