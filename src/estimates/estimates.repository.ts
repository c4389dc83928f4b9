import { Injectable } from '@nestjs/common';
import { Brackets } from 'typeorm';
import { TransactionalConnection } from '@app/database';
import { CustomerAccess } from '../access/customer-access.service';
import { DocumentsRepository, type Narrow } from '../documents/documents.repository';
import { Estimate, EstimateItem, EstimateStatus } from './estimate.entity';

/** Estimates whose lines, dates and addresses may still change, and that follow their customer's addresses when asked. */
export const OPEN_STATUSES: readonly EstimateStatus[] = ['draft', 'sent', 'expired'];

/** What a contact's answer writes on an estimate. */
export type EstimateResponseColumns = Pick<
  Estimate,
  'acceptedByName' | 'declineReason' | 'respondedAt' | 'respondedByContactId'
> & { status: 'accepted' | 'declined'; respondedAt: Date };

/** The estimates and their lines: the lifecycle's statements, and the list's status filter. */
@Injectable()
export class EstimatesRepository extends DocumentsRepository<Estimate, EstimateItem> {
  constructor(connection: TransactionalConnection, access: CustomerAccess) {
    super(
      {
        name: 'estimate',
        entity: Estimate,
        line: EstimateItem,
        lineKey: 'estimateId',
        open: { where: 'status IN (:...open) AND invoice_id IS NULL', params: { open: OPEN_STATUSES } },
      },
      connection,
      access,
    );
  }

  /**
   * A contact's answer to a sent estimate, written only while it is sent, not converted and
   * (for an acceptance) not past its expiry date on `today`: of answers sent at once, one
   * changes the row and the others find it answered. False when no row changed.
   */
  async respond(id: string, response: EstimateResponseColumns, today: string): Promise<boolean> {
    const qb = this.documents
      .createQueryBuilder()
      .update()
      .set({ ...response, version: () => 'version + 1', updatedAt: response.respondedAt })
      .where('id = :id AND status = :sent AND invoice_id IS NULL', { id, sent: 'sent' });
    if (response.status === 'accepted') qb.andWhere('expiry_date >= :today', { today });
    return Boolean((await qb.execute()).affected);
  }

  /**
   * The list's status filter, as shown on `today`: an expired estimate is stored as expired
   * or is a sent one past its expiry date, and a sent one is not yet past it.
   */
  showingStatus(status: EstimateStatus | undefined, today: string): Narrow<Estimate, EstimateItem> {
    return (qb, alias) => {
      if (status === 'expired') {
        qb.andWhere(
          new Brackets((or) =>
            or
              .where(`${alias}.status = :expired`, { expired: 'expired' })
              .orWhere(`(${alias}.status = :sent AND ${alias}.expiry_date < :today)`, { sent: 'sent', today }),
          ),
        );
      } else if (status) {
        qb.andWhere(`${alias}.status = :status`, { status });
        if (status === 'sent') qb.andWhere(`${alias}.expiry_date >= :today`, { today });
      }
    };
  }
}
