/** A UNIQUE constraint refused the write (MySQL 1062, SQLite SQLITE_CONSTRAINT_UNIQUE/PRIMARYKEY). */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { errno?: number; code?: string; driverError?: { errno?: number; code?: string } };
  const errno = e?.errno ?? e?.driverError?.errno;
  const code = e?.code ?? e?.driverError?.code ?? '';
  return errno === 1062 || code === 'ER_DUP_ENTRY' || /^SQLITE_CONSTRAINT_(UNIQUE|PRIMARYKEY)$/.test(code);
}

/**
 * A FOREIGN KEY refused the write because a row still refers to it: MySQL 1451/1217; SQLite
 * SQLITE_CONSTRAINT_FOREIGNKEY, or SQLITE_CONSTRAINT_TRIGGER for an ON DELETE RESTRICT key.
 */
export function isForeignKeyViolation(error: unknown): boolean {
  const e = error as {
    errno?: number;
    code?: string;
    message?: string;
    driverError?: { errno?: number; code?: string; message?: string };
  };
  const errno = e?.errno ?? e?.driverError?.errno;
  const code = e?.code ?? e?.driverError?.code ?? '';
  const message = e?.driverError?.message ?? e?.message ?? '';
  return (
    errno === 1451 ||
    errno === 1217 ||
    code === 'SQLITE_CONSTRAINT_FOREIGNKEY' ||
    (code === 'SQLITE_CONSTRAINT_TRIGGER' && message.includes('FOREIGN KEY constraint failed'))
  );
}

/**
 * A FOREIGN KEY refused a new row because what it names does not exist: MySQL 1452/1216;
 * SQLite SQLITE_CONSTRAINT_FOREIGNKEY.
 */
export function isMissingReference(error: unknown): boolean {
  const e = error as { errno?: number; code?: string; driverError?: { errno?: number; code?: string } };
  const errno = e?.errno ?? e?.driverError?.errno;
  const code = e?.code ?? e?.driverError?.code ?? '';
  return errno === 1452 || errno === 1216 || code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}

/** Driver errors that mean the database cannot be reached, not that a statement was wrong. */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
  'SQLITE_BUSY',
  'SQLITE_CANTOPEN',
  'SQLITE_IOERR',
]);

/**
 * The database is unreachable or gone away (MySQL connection refused, reset or lost,
 * shutting down; SQLite busy or unable to read its file): a 503 to retry later, never a
 * client error.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const e = error as { code?: string; name?: string; driverError?: { code?: string }; message?: string };
  const code = e?.code ?? e?.driverError?.code ?? '';
  if (UNREACHABLE_CODES.has(code) || /^SQLITE_(BUSY|IOERR)/.test(code)) return true;
  if (e?.name === 'CannotExecuteNotConnectedError' || e?.name === 'ConnectionIsNotSetError') return true;
  return /Connection lost|connect ECONNREFUSED|Pool is closed|database connection is not open|Can't add new command when connection is in closed state/i.test(
    e?.message ?? '',
  );
}
