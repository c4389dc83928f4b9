import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { TransactionalConnection } from '@app/database';
import { SystemSetting } from './system-setting.entity';

/** `system_settings`: a value per key. Calls join the current transaction. */
@Injectable()
export class SystemSettingsRepository {
  constructor(private readonly connection: TransactionalConnection) {}

  private get settings() {
    return this.connection.getRepository(SystemSetting);
  }

  findByKey(key: string): Promise<SystemSetting | null> {
    return this.settings.findOneBy({ key });
  }

  /** The rows of `keys`, in one query by primary key (key and value only). */
  findByKeys(keys: readonly string[]): Promise<SystemSetting[]> {
    return this.settings.find({ select: { key: true, value: true }, where: { key: In([...keys]) } });
  }

  /** Inserts or replaces each row by its key, in one upsert statement on both engines. */
  async upsert(rows: SystemSetting[]): Promise<void> {
    await this.settings.upsert(rows, { conflictPaths: ['key'], skipUpdateIfNoValuesChanged: false });
  }

  /** Sets the value only while the row holds `expected`; whether it did. */
  async updateIfValue(key: string, expected: string, value: string, updatedAt: Date): Promise<boolean> {
    const result = await this.settings.update({ key, value: expected }, { value, updatedAt });
    return Boolean(result.affected);
  }

  /** A plain insert: a row already under the key fails with a unique violation. */
  async insert(row: SystemSetting): Promise<void> {
    await this.settings.insert(row);
  }

  /** Inserts the row unless one already has its key. */
  async insertIfAbsent(row: SystemSetting): Promise<void> {
    await this.settings.createQueryBuilder().insert().values(row).orIgnore().execute();
  }
}
