import { Injectable } from '@nestjs/common';
import { isUniqueViolation, TransactionalConnection } from '@app/database';
import { SystemSettingsRepository } from './system-settings.repository';

/** The owner of `system_settings`: instance-wide values every instance on the database shares. */
@Injectable()
export class SystemSettingsService {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly settings: SystemSettingsRepository,
  ) {}

  async get(key: string): Promise<string | null> {
    return (await this.settings.findByKey(key))?.value ?? null;
  }

  /** The stored values of `keys`, in one query by primary key; absent keys are missing from the map. */
  async getMany(keys: readonly string[]): Promise<Map<string, string>> {
    if (keys.length === 0) return new Map();
    const rows = await this.settings.findByKeys(keys);
    return new Map(rows.map((row) => [row.key, row.value]));
  }

  /**
   * Stores each value under its key, inserting or replacing (one upsert statement, on both
   * engines), inside the caller's transaction or a transaction of its own.
   */
  async setMany(values: Record<string, string>): Promise<void> {
    const updatedAt = new Date();
    const rows = Object.entries(values).map(([key, value]) => ({ key, value, updatedAt }));
    if (rows.length === 0) return;
    await this.connection.transaction(() => this.settings.upsert(rows));
  }

  /**
   * Sets `key` to `next` only while it still holds `expected` (null: while it is absent), in
   * one guarded statement: of two writers that read the same value, exactly one wins. False
   * when the value had moved on.
   */
  async compareAndSet(key: string, expected: string | null, next: string): Promise<boolean> {
    const updatedAt = new Date();
    if (expected !== null) {
      return this.settings.updateIfValue(key, expected, next, updatedAt);
    }
    try {
      await this.settings.insert({ key, value: next, updatedAt });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  /**
   * The stored value of `key`, storing `initial` first when there is none. Of several
   * instances starting at once, the first insert wins and every one reads the same value.
   */
  async getOrInitialise(key: string, initial: () => string): Promise<string> {
    const existing = await this.get(key);
    if (existing !== null) return existing;
    await this.connection.transaction(() =>
      this.settings.insertIfAbsent({ key, value: initial(), updatedAt: new Date() }),
    );
    return (await this.get(key))!;
  }
}
