import { Injectable } from '@nestjs/common';
import { TransactionalConnection } from '@app/database';
import { Staff } from './staff.entity';

/** Who among the staff is told of things by email: the active members, with what an email needs and what decides it. */
@Injectable()
export class StaffRecipientsRepository {
  constructor(private readonly connection: TransactionalConnection) {}

  active(): Promise<Array<Pick<Staff, 'email' | 'firstName' | 'lastName' | 'language' | 'isAdmin' | 'permissions'>>> {
    return this.connection.getRepository(Staff).find({
      select: { email: true, firstName: true, lastName: true, language: true, isAdmin: true, permissions: true },
      where: { active: true },
      order: { createdAt: 'ASC' },
    });
  }
}
