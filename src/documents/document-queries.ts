import { ObjectLiteral, Repository, SelectQueryBuilder } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { DocumentParty } from '../customer-transactions/customer-transactions.service';
import { addressColumns } from './document-parts';
import type { DocumentListQueryDto } from './dto/sales-document.dto';
import type { SalesDocument } from './sales-document.entity';

/** The filters every document list has, on the document table behind `alias`: customer, currency and a date range. */
export function filterDocuments<T extends SalesDocument>(
  qb: SelectQueryBuilder<T>,
  alias: string,
  query: DocumentListQueryDto,
): SelectQueryBuilder<T> {
  if (query.customerId) qb.andWhere(`${alias}.customer_id = :customerId`, { customerId: query.customerId });
  if (query.currency) qb.andWhere(`${alias}.currency = :currency`, { currency: query.currency });
  if (query.dateFrom) qb.andWhere(`${alias}.date >= :dateFrom`, { dateFrom: query.dateFrom });
  if (query.dateTo) qb.andWhere(`${alias}.date <= :dateTo`, { dateTo: query.dateTo });
  return qb;
}

/**
 * Writes a changed document over the version it was read at: every column but its id,
 * customer and creation, with the version advanced. False when someone else changed it
 * meanwhile (the caller answers 412 or runs again).
 */
export async function writeVersioned<T extends SalesDocument>(
  repository: Repository<T>,
  next: T,
  readVersion: number,
): Promise<boolean> {
  const { id, customerId: _c, createdAt: _t, createdBy: _b, version: _v, ...columns } = next;
  const written = await repository
    .createQueryBuilder()
    .update()
    .set({ ...columns, version: () => 'version + 1' } as QueryDeepPartialEntity<T>)
    .where('id = :id AND version = :version', { id, version: readVersion })
    .execute();
  return Boolean(written.affected);
}

/**
 * Gives the customer's open documents (those `open`, SQL on the document's columns, selects)
 * the customer's new addresses, each advancing its version; answers how many changed.
 */
export async function readdressOpen<T extends SalesDocument>(
  repository: Repository<T>,
  customerId: string,
  { billingAddress, shippingAddress }: Pick<DocumentParty, 'billingAddress' | 'shippingAddress'>,
  open: string,
  params: ObjectLiteral = {},
): Promise<number> {
  const result = await repository
    .createQueryBuilder()
    .update()
    .set({
      ...addressColumns(billingAddress, shippingAddress),
      version: () => 'version + 1',
      updatedAt: new Date(),
    } as QueryDeepPartialEntity<T>)
    .where(`customer_id = :customerId AND ${open}`, { ...params, customerId })
    .execute();
  return result.affected ?? 0;
}
