import { randomBytes } from 'node:crypto';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DomainError, caseKey, uuidv7 } from '@app/common';
import { TransactionalConnection } from '@app/database';
import { PasswordHasher } from '../passwords/password-hasher';
import { AppConfig } from '../config/environment';
import { Staff } from './staff.entity';
import { StaffService } from './staff.service';

export const DEFAULT_ADMIN_EMAIL = 'admin@example.com';

/**
 * On the first start (no staff at all) creates the first administrator from
 * ADMIN_EMAIL/ADMIN_PASSWORD, or with a generated password printed once. Its language is
 * empty, so Accept-Language applies. Instances starting together create one: the
 * email's unique key lets one insert win.
 */
@Injectable()
export class FirstAdministrator implements OnApplicationBootstrap {
  private readonly logger = new Logger('FirstAdministrator');

  constructor(
    private readonly config: AppConfig,
    private readonly staff: StaffService,
    private readonly hasher: PasswordHasher,
    private readonly connection: TransactionalConnection,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if ((await this.staff.count()) > 0) return;
    const email = this.config.adminEmail ?? DEFAULT_ADMIN_EMAIL;
    const password = this.config.adminPassword ?? randomBytes(15).toString('base64url');
    const now = new Date();
    const admin: Staff = Object.assign(new Staff(), {
      id: uuidv7(),
      email,
      emailKey: caseKey(email),
      firstName: 'System',
      lastName: 'Administrator',
      passwordHash: await this.hasher.hash(password),
      isAdmin: true,
      active: true,
      language: null,
      permissions: [],
      roleId: null,
      lastLoginAt: null,
      sessionsValidAfter: null,
      createdAt: now,
      updatedAt: now,
    });
    try {
      await this.connection.transaction(() => this.staff.insertUnique(admin));
    } catch (error) {
      if (error instanceof DomainError) return;
      throw error;
    }
    this.logger.log(`created the first administrator ${email}`);
    if (!this.config.adminPassword) {
      process.stdout.write(
        `\nFirst administrator created: ${email} / ${password}\nThis password is shown once; change it after signing in.\n\n`,
      );
    }
  }
}
