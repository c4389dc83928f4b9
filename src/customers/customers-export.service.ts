import { Injectable } from '@nestjs/common';
import { GroupMembershipsService } from '../groups/group-memberships.service';
import { StaffActor } from '../permissions/actor';
import { toCustomerDto } from './customer.mapper';
import { CustomersRepository } from './customers.repository';
import { CustomerDto, CustomerListQueryDto } from './dto/customer.dto';

const EXPORT_BATCH = 500;

/** The export of the customer list: every match, a batch at a time, so memory never grows with the data. */
@Injectable()
export class CustomersExport {
  constructor(
    private readonly repository: CustomersRepository,
    private readonly groups: GroupMembershipsService,
  ) {}

  /** Every customer the list would show, in creation order, a batch at a time (for CSV). */
  async *rows(actor: StaffActor, query: CustomerListQueryDto): AsyncGenerator<CustomerDto> {
    let after = '';
    for (;;) {
      const batch = await this.repository.batchAfter(actor, query, after, EXPORT_BATCH);
      if (batch.length === 0) return;
      const groups = await this.groups.membershipsOf(batch.map((c) => c.id));
      for (const customer of batch) yield toCustomerDto(customer, groups.get(customer.id) ?? []);
      after = batch[batch.length - 1].id;
    }
  }
}
