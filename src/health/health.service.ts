import { Injectable } from '@nestjs/common';
import { databaseUnavailable } from '@app/common';
import { TransactionalConnection } from '@app/database';

export interface Health {
  status: 'ok';
  database: 'up';
  engine: 'mysql' | 'sqlite';
}

@Injectable()
export class HealthService {
  constructor(private readonly connection: TransactionalConnection) {}

  /** Healthy when the database answers a query; 503 otherwise. */
  async check(): Promise<Health> {
    try {
      await this.connection.dataSource.query('SELECT 1');
    } catch {
      throw databaseUnavailable();
    }
    return { status: 'ok', database: 'up', engine: this.connection.isSqlite ? 'sqlite' : 'mysql' };
  }
}
