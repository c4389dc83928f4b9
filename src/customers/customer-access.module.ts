import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CustomerAccess } from './customer-access.service';
import { CustomerAdmin } from './customer-links.entity';
import { Customer } from './customer.entity';

/** Customer visibility, for every customer-scoped module (contacts, notes, documents, the portal). */
@Module({
  imports: [TypeOrmModule.forFeature([Customer, CustomerAdmin])],
  providers: [CustomerAccess],
  exports: [CustomerAccess],
})
export class CustomerAccessModule {}
