import { Injectable } from '@nestjs/common';
import { Page, formatMinor, staleVersion, uuidv7 } from '@app/common';
import { TransactionalConnection } from '@app/database';
import { AuditService } from '../audit/audit.service';
import { CurrenciesService } from '../currencies/currencies.service';
import { CustomerAccess } from '../access/customer-access.service';
import { CustomerTransactions, type DocumentParty } from '../customer-transactions/customer-transactions.service';
import type { Actor, StaffActor } from '../permissions/actor';
import { DocumentNumbers, documentNumber } from './document-numbers.service';
import type { Series } from './document-sequence.entity';
import { newDocument, pricedLines } from './document-parts';
import type { DocumentsRepository, Narrow, WithLines } from './documents.repository';
import { LostDocumentUpdate } from './documents.errors';
import type { DocumentItemDto, DocumentListQueryDto } from './dto/sales-document.dto';
import type { DocumentLine, SalesDocument } from './sales-document.entity';

/** The addresses a document copies from its customer. */
export type PartyAddresses = Pick<DocumentParty, 'billingAddress' | 'shippingAddress'>;

/** A kind of document whose open documents take their customer's new addresses when the customer's editor asks. */
export interface FollowsCustomerAddresses {
  /** Re-addresses the customer's open documents of this kind in the caller's transaction; answers how many changed. */
  readdressOpen(customerId: string, addresses: PartyAddresses): Promise<number>;
}

/** What sets one kind of document apart from the others, for the lifecycle they share. */
export interface DocumentKind<T extends SalesDocument, L extends DocumentLine> {
  /** The kind's tables and statements (its name: `tables.name`). */
  repository: DocumentsRepository<T, L>;
  notFound: () => Error;
}

/** A document and its lines as read. */
export interface Read<T, L> {
  document: T;
  lines: L[];
}

/** What a new or changed document records in the activity, and what it answers, from the row written and its lines. */
export interface DocumentView<T, L, R> {
  audited: (document: T, lines: L[]) => Record<string, unknown>;
  answer: (document: T, lines: L[]) => R | Promise<R>;
  /**
   * What else the kind keeps in step with its documents, in the same transaction, once the
   * document is written: created (`before` undefined) or changed from `before` to `after`.
   */
  written?: (before: T | undefined, after: T) => Promise<void>;
}

/** The view of a write, which says whether the change is decided on the document's lines too (they are read with it). */
export interface WriteView<T, L, R> extends DocumentView<T, L, R> {
  withLines: boolean;
}

/** What a new document of a counted customer is made of; a draft (`prefix` null) takes no number yet. */
export interface NewDocumentInput<Status extends string> {
  customerId: string;
  party: DocumentParty;
  date: string;
  status: Status;
  items: readonly DocumentItemDto[];
  prefix: string | null;
}

/** A change decided on a document as read: the row to write, and the lines that replace its lines if they change. */
export type Change<T, L> = (document: T, lines: L[]) => Promise<{ next: T; lines?: L[] }>;

/**
 * The lifecycle every sales document shares, for one kind: reads and lists under the
 * customer access rule with their lines, new documents with their lines and activity,
 * changes written over the version they were read at (a lost race runs again without
 * If-Match, answers 412 with it), lines replaced, drafts deleted, and open documents that
 * follow their customer's addresses. Each kind's service keeps its own status rules.
 */
export class DocumentLifecycle<T extends SalesDocument, L extends DocumentLine> {
  constructor(
    private readonly kind: DocumentKind<T, L>,
    private readonly connection: TransactionalConnection,
    private readonly access: CustomerAccess,
    private readonly customerTransactions: CustomerTransactions,
    private readonly currencies: CurrenciesService,
    private readonly numbers: DocumentNumbers,
    private readonly audit: AuditService,
  ) {}

  private get repository(): DocumentsRepository<T, L> {
    return this.kind.repository;
  }

  /** The kind's name: its number series, the entity type of its activity records. */
  private get name(): Series {
    return this.kind.repository.tables.name;
  }

  /**
   * Open documents of this kind take their customer's new addresses (`applyToOpenDocuments`),
   * in the customer's update transaction; answers how many changed.
   */
  readdressOpen(customerId: string, addresses: PartyAddresses): Promise<number> {
    return this.repository.readdressOpen(customerId, addresses);
  }

  /**
   * 404 unless the actor may see the customer. Staff who see every customer skip the read:
   * counting the document on the customer's row answers 404 for a customer that does not exist.
   */
  async assertCustomerReachable(actor: StaffActor, customerId: string): Promise<void> {
    if (this.access.scopeOf(actor).kind !== 'all') await this.access.assertVisible(actor, customerId);
  }

  /** Counts a new document on its customer, which answers the currency it must use and the addresses it copies. */
  count(actor: StaffActor, customerId: string): Promise<DocumentParty> {
    return this.customerTransactions.recordTransaction(actor, customerId);
  }

  /**
   * Writes a new document of a counted customer at version 1: its lines priced in the
   * currency's decimals, numbered unless a draft, `own` adding the kind's columns; records
   * it in the activity and answers it.
   */
  async create<R>(
    actor: StaffActor,
    input: NewDocumentInput<T['status']>,
    own: (columns: SalesDocument<T['status']>) => T,
    view: DocumentView<T, L, R>,
  ): Promise<R> {
    const decimals = await this.currencies.decimalsInUse(input.party.currency);
    const id = uuidv7();
    const lines = this.priced(id, input.items, decimals);
    const numbered = input.prefix === null ? null : { prefix: input.prefix, sequenceNumber: await this.nextNumber() };
    const { customerId, party, date, status } = input;
    const document = own(
      newDocument({ id, customerId, party, decimals, date, status, totals: lines, numbered, createdBy: actor.id }),
    );
    return this.insert(actor, document, lines.rows, view);
  }

  /** The lines of a document with their rounded amounts, and its totals. */
  private priced(id: string, items: readonly DocumentItemDto[], decimals: number) {
    const { lines, ...totals } = pricedLines(items, decimals);
    const lineKey = this.repository.tables.lineKey;
    return { rows: lines.map((line) => ({ [lineKey]: id, ...line }) as unknown as L), ...totals };
  }

  /** New lines for a changed document: its totals follow them; answers the lines that replace its lines. */
  reprice(document: T, items: readonly DocumentItemDto[]): L[] {
    const { rows, ...totals } = this.priced(document.id, items, document.currencyDecimals);
    Object.assign(document, totals);
    return rows;
  }

  /** The series' next number, taken in the document's transaction. */
  private nextNumber(): Promise<number> {
    return this.numbers.next(this.name);
  }

  /** Gives a document the series' next number, shown after `prefix`. */
  async takeNumber(document: T, prefix: string): Promise<void> {
    document.sequenceNumber = await this.nextNumber();
    document.number = documentNumber(prefix, document.sequenceNumber);
  }

  private async insert<R>(actor: StaffActor, document: T, lines: L[], view: DocumentView<T, L, R>): Promise<R> {
    await this.repository.insert(document, lines);
    await view.written?.(undefined, document);
    await this.record(actor, document, 'create', undefined, view.audited(document, lines));
    return view.answer(document, lines);
  }

  /**
   * The document with its lines, as `answer` makes it: as `actor` may read it (404 otherwise),
   * or, without one, as it is now in this transaction after a change the actor was allowed to make.
   */
  async read<R>(id: string, actor: Actor | undefined, answer: (document: T, lines: L[]) => R | Promise<R>): Promise<R> {
    const reader = actor && { actor, scope: this.readScope(actor) };
    const { document, lines } = this.split(await this.repository.findWithLines(id, reader));
    return answer(document, lines);
  }

  /** A document of a customer the actor may see (the customer scope: writes need no read capability), or 404. */
  async findWritable(actor: StaffActor, id: string, withLines = false): Promise<WithLines<T, L>> {
    const document = await this.repository.findWritable(actor, id, withLines);
    if (!document) throw this.kind.notFound();
    return document;
  }

  /**
   * A page of the documents the actor may read, sorted by number or date and filtered by
   * customer, currency and dates, and by `narrow` (the kind's status filter, from its
   * repository): the page's rows, then their lines by id.
   */
  async list(actor: Actor, query: DocumentListQueryDto, narrow: Narrow<T, L>): Promise<Page<Read<T, L>>> {
    const lineKey = this.repository.tables.lineKey;
    const result = await this.repository.listPage(actor, this.readScope(actor), query, narrow);
    const lines = await this.repository.linesOf(result.data.map((document) => document.id));
    return {
      data: result.data.map((document) => ({
        document,
        lines: lines.filter((line) => (line as Record<string, unknown>)[lineKey] === document.id),
      })),
      meta: result.meta,
    };
  }

  /**
   * Changes one document in a transaction: the change is decided on the document as read,
   * and written by an update guarded by that version (a lost race reruns it without
   * If-Match, answers 412 with it); new lines replace the old ones, and the activity
   * records the document before and after.
   */
  write<R>(
    actor: StaffActor,
    id: string,
    expectedVersion: number | undefined,
    change: Change<T, L>,
    view: WriteView<T, L, R>,
  ): Promise<R> {
    const work = async () => {
      const { document, lines } = this.split(await this.findWritable(actor, id, view.withLines));
      if (expectedVersion !== undefined && document.version !== expectedVersion) throw staleVersion(document.version);
      const before = view.audited(document, lines);
      const { next, lines: replaced } = await change(document, lines);
      next.updatedAt = new Date();
      if (!(await this.repository.writeVersioned(next, document.version))) {
        throw expectedVersion !== undefined ? staleVersion(document.version) : new LostDocumentUpdate();
      }
      next.version = document.version + 1;
      if (replaced) await this.repository.replaceLines(id, replaced);
      await view.written?.(document, next);
      await this.record(actor, document, 'update', before, view.audited(next, replaced ?? lines));
      return view.answer(next, replaced ?? lines);
    };
    return this.connection.transaction(work, { retryWhen: (error) => error instanceof LostDocumentUpdate });
  }

  /**
   * Deletes a draft, guarded by the version it was read at: the customer's count goes back
   * down. Any other status answers `notDraft` (an issued document is cancelled or declined instead).
   */
  async removeDraft(
    actor: StaffActor,
    id: string,
    expectedVersion: number | undefined,
    notDraft: (document: T) => Promise<Error>,
  ): Promise<void> {
    await this.connection.transaction(async () => {
      const document = await this.findWritable(actor, id);
      if (expectedVersion !== undefined && document.version !== expectedVersion) throw staleVersion(document.version);
      if (document.status !== 'draft') throw await notDraft(document);
      if (!(await this.repository.deleteDraft(id, document.version))) throw staleVersion(document.version);
      await this.customerTransactions.reverseTransaction(document.customerId);
      await this.record(actor, document, 'delete', {
        status: document.status,
        total: formatMinor(document.total, document.currencyDecimals),
      });
    });
  }

  /** Records a change of a document in its customer's activity. */
  record(
    actor: Actor,
    document: T,
    action: 'create' | 'update' | 'delete',
    before?: Record<string, unknown>,
    after?: Record<string, unknown>,
  ): Promise<void> {
    return this.audit.record(actor, [
      { customerId: document.customerId, entityType: this.name, entityId: document.id, action, before, after },
    ]);
  }

  private readScope(actor: Actor) {
    return this.access.documentScopeOf(actor, `${this.name}s`);
  }

  /** The row without its lines, and its lines; 404 without a row. */
  private split(read: WithLines<T, L> | null): Read<T, L> {
    if (!read) throw this.kind.notFound();
    const { items, ...document } = read;
    return { document: document as T, lines: items ?? [] };
  }
}

/** Makes the lifecycle of each kind of document, with what every kind shares. */
@Injectable()
export class DocumentLifecycles {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly access: CustomerAccess,
    private readonly customerTransactions: CustomerTransactions,
    private readonly currencies: CurrenciesService,
    private readonly numbers: DocumentNumbers,
    private readonly audit: AuditService,
  ) {}

  /** The lifecycle of one kind. */
  of<T extends SalesDocument, L extends DocumentLine>(kind: DocumentKind<T, L>): DocumentLifecycle<T, L> {
    return new DocumentLifecycle(
      kind,
      this.connection,
      this.access,
      this.customerTransactions,
      this.currencies,
      this.numbers,
      this.audit,
    );
  }
}
