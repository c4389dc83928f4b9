import { Injectable } from '@nestjs/common';
import { TransactionalConnection } from '@app/database';
import { SystemSetting } from './system-setting.entity';

/** The owner of `system_settings`: instance-wide values every instance on the database shares. */
@Injectable()
export class SystemSettingsService {
  constructor(private readonly connection: TransactionalConnection) {}

  async get(key: string): Promise<string | null> {
    return (await this.connection.getRepository(SystemSetting).findOneBy({ key }))?.value ?? null;
  }

  /**
   * The stored value of `key`, storing `initial` first when there is none. Of several
   * instances starting at once, the first insert wins and every one reads the same value.
   */
  async getOrInitialise(key: string, initial: () => string): Promise<string> {
    const existing = await this.get(key);
    if (existing !== null) return existing;
    await this.connection.transaction(() =>
      this.connection
        .getRepository(SystemSetting)
        .createQueryBuilder()
        .insert()
        .values({ key, value: initial(), updatedAt: new Date() })
        .orIgnore()
        .execute(),
    );
    return (await this.get(key))!;
  }
}
