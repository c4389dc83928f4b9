import { EntityTarget, FindOptionsWhere, In, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { Page, page } from '@app/common';
import { TransactionalConnection } from '@app/database';
import { CustomerAccess, type CustomerScope } from '../access/customer-access.service';
import type { DocumentParty } from '../customer-transactions/customer-transactions.service';
import type { Actor, StaffActor } from '../permissions/actor';
import type { Series } from './document-sequence.entity';
import { addressColumns } from './document-parts';
import type { DocumentListQueryDto } from './dto/sales-document.dto';
import type { DocumentLine, SalesDocument } from './sales-document.entity';

/** A document row as read with its lines (the entity's `items` relation). */
export type WithLines<T, L> = T & { items?: L[] };

/** A kind's own filter of a document list (its status filter), on the document table behind `alias`. */
export type Narrow<T, L> = (qb: SelectQueryBuilder<WithLines<T, L>>, alias: string) => void;

/** The tables of one kind of document, and the SQL that sets the kind apart. */
export interface DocumentTables<T extends SalesDocument, L extends DocumentLine> {
  /**
   * The kind's name (`credit_note`): its number series, the entity type of its activity
   * records and its alias in queries; its plural (`credit_notes`) is the capability family
   * whose `view`/`view_own` decides which documents a list and a read see.
   */
  name: Series;
  entity: EntityTarget<WithLines<T, L>>;
  line: EntityTarget<L>;
  /** The column of a line naming its document (`invoiceId`). */
  lineKey: keyof L & string;
  /** SQL on the document's columns selecting those that follow their customer's addresses when asked. */
  open: { where: string; params?: ObjectLiteral };
}

/** Which documents of a customer an export takes: a status and a date range, each optional. */
export interface ExportFilter {
  customerId: string;
  status?: string;
  from?: string;
  to?: string;
}

/** The last document of an export batch: the next batch starts after it (date, then id). */
export interface ExportKey {
  date: string;
  id: string;
}

/**
 * The statements of the lifecycle every sales document shares, on one kind's tables: reads
 * and lists under the customer access rule with their lines, new rows with their lines,
 * versioned writes, line replacement, draft deletion and the readdressing of open documents.
 * Each kind's module extends it with its own statements.
 */
export class DocumentsRepository<T extends SalesDocument, L extends DocumentLine> {
  constructor(
    readonly tables: DocumentTables<T, L>,
    protected readonly connection: TransactionalConnection,
    protected readonly access: CustomerAccess,
  ) {}

  protected get documents() {
    return this.connection.getRepository(this.tables.entity);
  }

  protected get lines() {
    return this.connection.getRepository(this.tables.line);
  }

  /** Writes a new document and its lines, one statement each. */
  async insert(document: T, lines: L[]): Promise<void> {
    await this.documents
      .createQueryBuilder()
      .insert()
      .values(document as QueryDeepPartialEntity<WithLines<T, L>>)
      .updateEntity(false)
      .execute();
    await this.insertLines(lines);
  }

  private async insertLines(lines: L[]): Promise<void> {
    await this.lines
      .createQueryBuilder()
      .insert()
      .values(lines as QueryDeepPartialEntity<L>[])
      .updateEntity(false)
      .execute();
  }

  /** The document with its lines, within `scope` of `actor` when one is given; null otherwise. */
  findWithLines(id: string, reader?: { actor: Actor; scope: CustomerScope }): Promise<WithLines<T, L> | null> {
    const alias = this.tables.name;
    const qb = this.documents
      .createQueryBuilder(alias)
      .leftJoinAndSelect(`${alias}.items`, 'item')
      .where(`${alias}.id = :id`, { id });
    if (reader) this.restrictReads(qb, reader.actor, reader.scope);
    return qb.getOne();
  }

  /** A document of a customer the actor may see (the customer scope), with its lines if asked; null otherwise. */
  findWritable(actor: StaffActor, id: string, withLines: boolean): Promise<WithLines<T, L> | null> {
    const alias = this.tables.name;
    const qb = this.documents.createQueryBuilder(alias).where(`${alias}.id = :id`, { id });
    if (withLines) qb.leftJoinAndSelect(`${alias}.items`, 'item');
    this.access.restrict(qb, actor, `${alias}.customer_id`);
    return qb.getOne();
  }

  /**
   * A page of the documents within `scope` of `actor`, sorted by number or date and filtered
   * by customer, currency and dates, and by `narrow`.
   */
  listPage(
    actor: Actor,
    scope: CustomerScope,
    query: DocumentListQueryDto,
    narrow: Narrow<T, L>,
  ): Promise<Page<WithLines<T, L>>> {
    const alias = this.tables.name;
    const qb = this.documents.createQueryBuilder(alias);
    this.restrictReads(qb, actor, scope);
    narrow(qb, alias);
    return page(filterDocuments(qb, alias, query), query, {
      sortable: { number: `${alias}.sequence_number`, date: `${alias}.date` },
      defaultSort: '-date',
      tieBreaker: `${alias}.id`,
      keysFirst: true,
    });
  }

  /** Reads within `scope` of `actor`; a contact on the portal never sees a draft, which is not yet its customer's document. */
  private restrictReads(qb: SelectQueryBuilder<WithLines<T, L>>, actor: Actor, scope: CustomerScope): void {
    const alias = this.tables.name;
    this.access.restrict(qb, actor, `${alias}.customer_id`, scope);
    if (actor.kind === 'contact') qb.andWhere(`${alias}.status <> :hiddenDraft`, { hiddenDraft: 'draft' });
  }

  /** The lines of these documents, in one statement (none without ids). */
  async linesOf(ids: readonly string[]): Promise<L[]> {
    if (!ids.length) return [];
    return this.lines.find({ where: { [this.tables.lineKey]: In([...ids]) } as FindOptionsWhere<L> });
  }

  /**
   * Writes a changed document over the version it was read at: every column but its id,
   * customer and creation, with the version advanced. False when someone else changed it
   * meanwhile (the caller answers 412 or runs again).
   */
  async writeVersioned(next: T, readVersion: number): Promise<boolean> {
    const { id, customerId: _c, createdAt: _t, createdBy: _b, version: _v, ...columns } = next;
    const written = await this.documents
      .createQueryBuilder()
      .update()
      .set({ ...columns, version: () => 'version + 1' } as QueryDeepPartialEntity<WithLines<T, L>>)
      .where('id = :id AND version = :version', { id, version: readVersion })
      .execute();
    return Boolean(written.affected);
  }

  /**
   * The next `size` documents of an export after `after`, in (date, id) order, with their
   * lines: a keyset batch, so an export of any length holds one batch at a time. Drafts are
   * left out unless the filter asks for them.
   */
  async exportBatch(filter: ExportFilter, after: ExportKey | null, size: number): Promise<WithLines<T, L>[]> {
    const alias = this.tables.name;
    const ids = this.documents
      .createQueryBuilder(alias)
      .select(`${alias}.id`, 'id')
      .where(`${alias}.customer_id = :customerId`, { customerId: filter.customerId });
    if (filter.status) ids.andWhere(`${alias}.status = :status`, { status: filter.status });
    else ids.andWhere(`${alias}.status <> 'draft'`);
    if (filter.from) ids.andWhere(`${alias}.date >= :from`, { from: filter.from });
    if (filter.to) ids.andWhere(`${alias}.date <= :to`, { to: filter.to });
    if (after) {
      ids.andWhere(`(${alias}.date > :afterDate OR (${alias}.date = :afterDate AND ${alias}.id > :afterId))`, {
        afterDate: after.date,
        afterId: after.id,
      });
    }
    const keys = await ids.orderBy(`${alias}.date`).addOrderBy(`${alias}.id`).limit(size).getRawMany<{ id: string }>();
    if (!keys.length) return [];
    const rows = await this.documents
      .createQueryBuilder(alias)
      .leftJoinAndSelect(`${alias}.items`, 'item')
      .where(`${alias}.id IN (:...ids)`, { ids: keys.map((key) => key.id) })
      .getMany();
    return rows.sort((a, b) => (a.date === b.date ? (a.id < b.id ? -1 : 1) : a.date < b.date ? -1 : 1));
  }

  /** A list's filter of one status, or none. */
  withStatus(status: T['status'] | undefined): Narrow<T, L> {
    return (qb, alias) => {
      if (status) qb.andWhere(`${alias}.status = :status`, { status });
    };
  }

  /** The document's lines replaced by `lines`. */
  async replaceLines(id: string, lines: L[]): Promise<void> {
    await this.lines.delete({ [this.tables.lineKey]: id } as FindOptionsWhere<L>);
    await this.insertLines(lines);
  }

  /** Deletes a draft still at the version it was read at; false when it has changed or is no longer a draft. */
  async deleteDraft(id: string, version: number): Promise<boolean> {
    const removed = await this.documents
      .createQueryBuilder()
      .delete()
      .where('id = :id AND version = :version AND status = :draft', { id, version, draft: 'draft' })
      .execute();
    return Boolean(removed.affected);
  }

  /**
   * Gives the customer's open documents (those the kind's `open` selects) the customer's new
   * addresses, each advancing its version; answers how many changed.
   */
  async readdressOpen(
    customerId: string,
    { billingAddress, shippingAddress }: Pick<DocumentParty, 'billingAddress' | 'shippingAddress'>,
  ): Promise<number> {
    const { where, params = {} } = this.tables.open;
    const result = await this.documents
      .createQueryBuilder()
      .update()
      .set({
        ...addressColumns(billingAddress, shippingAddress),
        version: () => 'version + 1',
        updatedAt: new Date(),
      } as QueryDeepPartialEntity<WithLines<T, L>>)
      .where(`customer_id = :customerId AND ${where}`, { ...params, customerId })
      .execute();
    return result.affected ?? 0;
  }
}

/** The filters every document list has, on the document table behind `alias`: customer, currency and a date range. */
function filterDocuments<T extends SalesDocument>(
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
