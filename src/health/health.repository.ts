import { Injectable } from '@nestjs/common';
import { TransactionalConnection } from '@app/database';

/** The database as the health check sees it: whether it answers at all. */
@Injectable()
export class HealthRepository {
  constructor(private readonly connection: TransactionalConnection) {}

  /** One trivial query on the pool (never a transaction's connection); rejects when the database does not answer. */
  async ping(): Promise<void> {
    await this.connection.dataSource.query('SELECT 1');
  }

  get engine(): 'mysql' | 'sqlite' {
    return this.connection.isSqlite ? 'sqlite' : 'mysql';
  }
}
