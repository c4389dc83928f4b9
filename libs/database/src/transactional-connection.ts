import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager, EntityTarget, ObjectLiteral, Repository } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { Mutex } from './mutex';

const RETRYABLE_MYSQL_ERRORS = new Set([1213, 1205]);
const MAX_ATTEMPTS = 8;

export function isRetryableTransactionError(error: unknown): boolean {
  const e = error as { errno?: number; sqlState?: string; driverError?: { errno?: number; sqlState?: string } };
  const errno = e?.errno ?? e?.driverError?.errno;
  const sqlState = e?.sqlState ?? e?.driverError?.sqlState;
  return (errno !== undefined && RETRYABLE_MYSQL_ERRORS.has(errno)) || sqlState === '40001';
}

/**
 * Work that an outermost transaction runs last, after its own work and before its commit
 * (see `withCommitStep`). It runs inside the transaction, which it joins the ambient way
 * (through this connection's `manager`, `getRepository`, `select`, `insert`): what it writes
 * commits with the transaction or not at all, and an error it throws rolls the transaction
 * back.
 */
export type CommitStep = () => Promise<void>;

export interface TransactionOptions {
  /** Also run the unit again after an error this recognises (not within an outer transaction). */
  retryWhen?: (error: unknown) => boolean;
}

/**
 * The one way to run work in a transaction. Services called inside `transaction()` reach
 * the same transaction through `manager`/`getRepository`, so a whole use case commits or
 * fails as one. SQLite has a single shared connection, so transactions are serialised
 * there; on MySQL a deadlock or lock timeout retries the whole unit a bounded number of
 * times (READ COMMITTED).
 */
@Injectable()
export class TransactionalConnection {
  private readonly current = new AsyncLocalStorage<EntityManager>();
  private readonly commitSteps = new AsyncLocalStorage<CommitStep>();
  private readonly sqliteLock = new Mutex();
  /** Pooled MySQL connections whose session is READ COMMITTED already. */
  private readonly readCommitted = new WeakSet<object>();
  private readonly logger = new Logger(TransactionalConnection.name);

  constructor(readonly dataSource: DataSource) {}

  get isSqlite(): boolean {
    return this.dataSource.options.type === 'better-sqlite3';
  }

  /** The transaction's manager inside `transaction()`, the pool's manager outside. */
  get manager(): EntityManager {
    return this.current.getStore() ?? this.dataSource.manager;
  }

  getRepository<T extends ObjectLiteral>(target: EntityTarget<T>): Repository<T> {
    return this.manager.getRepository(target);
  }

  /**
   * Inserts rows of an entity in one statement, in the current transaction if there is one,
   * with the values converted as TypeORM converts them (booleans, dates, JSON, embedded
   * columns) but without building a query builder, re-reading generated values or calling
   * listeners: for tables whose rows are written whole (every column the first row sets).
   */
  async insert<T extends ObjectLiteral>(target: EntityTarget<T>, rows: readonly T[]): Promise<void> {
    if (rows.length === 0) return;
    const manager = this.manager;
    const metadata = manager.connection.getMetadata(target);
    const driver = manager.connection.driver;
    const columns = metadata.columns.filter((column) => column.getEntityValue(rows[0]) !== undefined);
    const tuple = `(${columns.map(() => '?').join(', ')})`;
    const sql =
      `INSERT INTO ${driver.escape(metadata.tablePath)} (${columns.map((c) => driver.escape(c.databaseName)).join(', ')}) ` +
      `VALUES ${rows.map(() => tuple).join(', ')}`;
    const parameters = rows.flatMap((row) =>
      columns.map((column) => driver.preparePersistentValue(column.getEntityValue(row) ?? null, column)),
    );
    await manager.query(sql, parameters);
  }

  /**
   * Entities read with SQL written by hand: `SELECT <the columns> FROM <the table> <rest>`,
   * `rest` being the WHERE, ORDER BY and LIMIT with `?` placeholders. The columns are the
   * named properties (every column without them); values are converted as TypeORM's own
   * reads convert them, on either engine.
   */
  async select<T extends ObjectLiteral>(
    target: EntityTarget<T>,
    rest: string,
    parameters: readonly unknown[],
    properties?: ReadonlyArray<keyof T & string>,
  ): Promise<T[]> {
    const manager = this.manager;
    const metadata = manager.connection.getMetadata(target);
    const driver = manager.connection.driver;
    const columns = properties ? properties.map((property) => columnOf(metadata.columns, property)) : metadata.columns;
    const sql = `SELECT ${columns.map((c) => driver.escape(c.databaseName)).join(', ')} FROM ${driver.escape(metadata.tablePath)} ${rest}`;
    const rows = (await manager.query(sql, [...parameters])) as Array<Record<string, unknown>>;
    return rows.map((row) => {
      const entity = metadata.create(undefined, { fromDeserializer: true }) as T;
      for (const column of columns) {
        column.setEntityValue(entity, driver.prepareHydratedValue(row[column.databaseName], column));
      }
      return entity;
    });
  }

  /**
   * Runs `work` so that every outermost transaction begun within it, by whichever service,
   * runs `step` before it commits (a nested transaction joins its outer one, which runs the
   * step once). A step begun within another's scope replaces it.
   */
  withCommitStep<T>(step: CommitStep, work: () => T): T {
    return this.commitSteps.run(step, work);
  }

  get inTransaction(): boolean {
    return this.current.getStore() !== undefined;
  }

  /**
   * Runs `work` in a transaction, or inside the current one when there is one. The whole
   * unit runs again (a bounded number of times) after a deadlock or lock timeout, or after
   * an error that `retryWhen` recognises as a lost race (a unique key taken meanwhile, say).
   */
  async transaction<T>(work: () => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    if (this.inTransaction) return work();
    const step = this.commitSteps.getStore();
    const unit = step ? thenStep(work, step) : work;
    for (let attempt = 1; ; attempt++) {
      try {
        return await (this.isSqlite ? this.sqliteLock.runExclusive(() => this.runOnce(unit)) : this.runOnce(unit));
      } catch (error) {
        const retryable = isRetryableTransactionError(error) || options.retryWhen?.(error) === true;
        if (attempt >= MAX_ATTEMPTS || !retryable) throw error;
        this.logger.warn(`transaction conflict, retrying (attempt ${attempt + 1} of ${MAX_ATTEMPTS})`);
        await new Promise((resolve) => setTimeout(resolve, 10 * 2 ** attempt + Math.random() * 10));
      }
    }
  }

  private runOnce<T>(work: () => Promise<T>): Promise<T> {
    const run = (manager: EntityManager) => this.current.run(manager, work);
    return this.isSqlite ? this.dataSource.transaction(run) : this.runOnMysql(run);
  }

  /**
   * A transaction on a pooled MySQL connection, READ COMMITTED: the isolation level is set
   * once per connection (a session setting), not before every transaction.
   */
  private async runOnMysql<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    try {
      await runner.connect();
      // The driver's pooled connection: the same object each time that connection is lent.
      const pooled = 'databaseConnection' in runner ? runner.databaseConnection : undefined;
      const connection = typeof pooled === 'object' && pooled !== null ? pooled : runner;
      if (!this.readCommitted.has(connection)) {
        await runner.query('SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED');
        this.readCommitted.add(connection);
      }
      await runner.startTransaction();
      try {
        const result = await work(runner.manager);
        await runner.commitTransaction();
        return result;
      } catch (error) {
        if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
        throw error;
      }
    } finally {
      await runner.release();
    }
  }
}

function thenStep<T>(work: () => Promise<T>, step: CommitStep) {
  return async (): Promise<T> => {
    const result = await work();
    await step();
    return result;
  };
}

function columnOf(columns: readonly ColumnMetadata[], property: string): ColumnMetadata {
  const column = columns.find((c) => c.propertyPath === property);
  if (!column) throw new Error(`no column for the property ${property}`);
  return column;
}
