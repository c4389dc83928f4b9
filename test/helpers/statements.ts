import type { DataSource, Logger } from 'typeorm';

/** A statement that changes data. */
export const WRITE_STATEMENT = /^\s*(INSERT|UPDATE|DELETE|REPLACE)\b/i;

export interface StatementLog {
  /** The statements `work` ran, counted at the driver (transaction control included). */
  during<T>(work: () => Promise<T>): Promise<{ result: T; statements: string[] }>;
}

/** Counts the statements the application's data source runs inside `during`, and keeps none outside it. */
export function logStatements(dataSource: DataSource): StatementLog {
  let statements: string[] | undefined;
  const counting: Logger = {
    logQuery: (query) => void statements?.push(query),
    logQueryError: () => undefined,
    logQuerySlow: () => undefined,
    logSchemaBuild: () => undefined,
    logMigration: () => undefined,
    log: () => undefined,
  };
  Object.assign(dataSource, { logger: counting });
  return {
    async during(work) {
      const taken: string[] = [];
      statements = taken;
      try {
        return { result: await work(), statements: taken };
      } finally {
        statements = undefined;
      }
    },
  };
}

export interface RecordedQuery {
  sql: string;
  parameters: unknown[];
}

/**
 * Records the statements, with their parameters, that the application's data source runs
 * inside `during` (to be explained or replayed afterwards).
 */
export function recordQueries(dataSource: DataSource): {
  during(work: () => Promise<unknown>): Promise<RecordedQuery[]>;
} {
  let recorded: RecordedQuery[] | undefined;
  const recording: Logger = {
    logQuery: (query, parameters) =>
      void recorded?.push({ sql: query, parameters: [...((parameters as unknown[] | undefined) ?? [])] }),
    logQueryError: () => undefined,
    logQuerySlow: () => undefined,
    logSchemaBuild: () => undefined,
    logMigration: () => undefined,
    log: () => undefined,
  };
  Object.assign(dataSource, { logger: recording });
  return {
    async during(work) {
      const taken: RecordedQuery[] = [];
      recorded = taken;
      try {
        await work();
        return taken;
      } finally {
        recorded = undefined;
      }
    },
  };
}
