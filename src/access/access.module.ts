import { Module } from '@nestjs/common';
import { CustomerAccessRepository } from './customer-access.repository';
import { CustomerAccess } from './customer-access.service';

/**
 * Customer visibility, for every customer-scoped module (customers, contacts, notes, mail,
 * documents, the portal). It reads the `customers` and `customer_admins` tables by name; their
 * entities belong to, and are registered by, the customers module.
 */
@Module({
  providers: [CustomerAccess, CustomerAccessRepository],
  exports: [CustomerAccess],
})
export class CustomerAccessModule {}
