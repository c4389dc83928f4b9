import { Injectable } from '@nestjs/common';
import { TransactionalConnection } from '@app/database';
import { Staff } from './staff.entity';

/** The moment a staff member's sessions were last ended, kept on their row (read with them on every request). */
@Injectable()
export class StaffSessionsRepository {
  constructor(private readonly connection: TransactionalConnection) {}

  async markEnded(id: string, at: Date): Promise<void> {
    await this.connection.getRepository(Staff).update({ id }, { sessionsValidAfter: at });
  }
}
