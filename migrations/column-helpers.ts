import { QueryRunner, TableColumnOptions } from 'typeorm';

/**
 * Normalised key columns compare byte for byte on MySQL too (its default collation would
 * equate "café" with "cafe" and one emoji with another), as they do on SQLite.
 */
export const exactKey = (queryRunner: QueryRunner): Partial<TableColumnOptions> =>
  queryRunner.connection.driver.options.type === 'better-sqlite3' ? {} : { collation: 'utf8mb4_bin' };
