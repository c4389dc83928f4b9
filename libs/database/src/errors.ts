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
