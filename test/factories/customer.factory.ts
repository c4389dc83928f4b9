import { randomBytes } from 'node:crypto';
import { uuidv7 } from '@app/common';
import { CustomerAdmin, CustomerSearchTerm } from '../../src/customers/customer-links.entity';
import { CustomerGroupMember } from '../../src/groups/customer-group-member.entity';
import { Customer } from '../../src/customers/customer.entity';
import { companyKey, searchTerms, vatKey } from '../../src/customers/normalise';
import { CustomerGroup } from '../../src/groups/customer-group.entity';
import type { TestApp } from '../helpers/test-app';

const NO_ADDRESS = { street: null, city: null, state: null, zip: null, country: null };

export interface CustomerOptions {
  company?: string;
  vat?: string | null;
  phone?: string | null;
  country?: string | null;
  currency?: string | null;
  active?: boolean;
  transactionCount?: number;
  groupIds?: string[];
  /** Staff ids assigned as customer admins. */
  admins?: string[];
}

/** Customers and groups written straight to the database, for tests about reading them. */
export class GivenCustomers {
  constructor(private readonly t: TestApp) {}

  async customer(options: CustomerOptions = {}): Promise<Customer> {
    const company = options.company ?? `Customer ${randomBytes(4).toString('hex')}`;
    const now = new Date();
    const customer = Object.assign(new Customer(), {
      id: uuidv7(),
      company,
      companyKey: companyKey(company),
      vat: options.vat ?? null,
      vatKey: vatKey(options.vat),
      phone: options.phone ?? null,
      website: null,
      address: { ...NO_ADDRESS, country: options.country ?? null },
      billing: { ...NO_ADDRESS },
      hasShippingAddress: false,
      shipping: { ...NO_ADDRESS },
      currency: options.currency ?? null,
      language: null,
      active: options.active ?? true,
      transactionCount: options.transactionCount ?? 0,
      version: 1,
      createdBy: null,
      createdAt: now,
      updatedAt: now,
    });
    const ds = this.t.dataSource;
    await ds.getRepository(Customer).insert(customer);
    const terms = searchTerms(customer);
    if (terms.length)
      await ds.getRepository(CustomerSearchTerm).insert(terms.map((term) => ({ customerId: customer.id, term })));
    for (const groupId of options.groupIds ?? [])
      await ds.getRepository(CustomerGroupMember).insert({ customerId: customer.id, groupId });
    for (const staffId of options.admins ?? []) {
      await ds
        .getRepository(CustomerAdmin)
        .insert({ customerId: customer.id, staffId, assignedAt: now, assignedBy: null });
    }
    return customer;
  }

  async group(name = `Group ${randomBytes(4).toString('hex')}`): Promise<CustomerGroup> {
    const now = new Date();
    const group = Object.assign(new CustomerGroup(), {
      id: uuidv7(),
      name,
      nameKey: name.trim().toLowerCase(),
      createdAt: now,
      updatedAt: now,
    });
    await this.t.dataSource.getRepository(CustomerGroup).insert(group);
    return group;
  }
}

export const givenCustomers = (t: TestApp) => new GivenCustomers(t);
