import { Injectable } from '@nestjs/common';
import { databaseUnavailable } from '@app/common';
import { HealthRepository } from './health.repository';

export interface Health {
  status: 'ok';
  database: 'up';
  engine: 'mysql' | 'sqlite';
}

@Injectable()
export class HealthService {
  constructor(private readonly database: HealthRepository) {}

  /** Healthy when the database answers a query; 503 otherwise. */
  async check(): Promise<Health> {
    try {
      await this.database.ping();
    } catch {
      throw databaseUnavailable();
    }
    return { status: 'ok', database: 'up', engine: this.database.engine };
  }
}
