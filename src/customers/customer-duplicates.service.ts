import { Injectable } from '@nestjs/common';
import { DomainError } from '@app/common';
import { ContactsForCustomers } from '../contacts/contacts-for-customers.service';
import { StaffActor } from '../permissions/actor';
import { CustomerAccess } from '../access/customer-access.service';
import { DuplicateMatch, customerDuplicate } from './customers.errors';
import { CustomersRepository } from './customers.repository';
import { CreateCustomerDto } from './dto/customer.dto';
import { companyKey, vatKey } from '../customer-contacts/customer-keys';

/**
 * A create without `force` whose company, VAT or contact email a concurrent create took
 * after the duplicate check, and whose check run again found no customer holding it any
 * more (renamed or deleted meanwhile): the create runs again. A 409 all the same when the
 * retries are spent, or when an outer transaction cannot retry.
 */
export class DuplicateRaceLost extends DomainError {
  constructor(on: DuplicateMatch) {
    const duplicate = customerDuplicate([on], []);
    super(duplicate.status, duplicate.code, duplicate.args, duplicate.extensions);
  }
}

/** The claim (company or VAT key) whose unique index refused a new customer. */
export const takenClaim = (error: unknown): DuplicateMatch =>
  /vat_claim/.test(error instanceof Error ? error.message : '') ? 'vat' : 'company';

export const isContactEmailTaken = (error: unknown) =>
  error instanceof DomainError && error.code === 'CONTACT_EMAIL_TAKEN';

/** Likely duplicates of a new customer: the same VAT number, the same folded company name, or a contact with the new contact's email. */
@Injectable()
export class CustomerDuplicates {
  constructor(
    private readonly customers: CustomersRepository,
    private readonly access: CustomerAccess,
    private readonly contacts: ContactsForCustomers,
  ) {}

  /**
   * Refuses a likely duplicate (same VAT, same folded company name, or a contact with the
   * new contact's email) with 409 CUSTOMER_DUPLICATE, naming only customers the caller may see.
   * `inserted` is this create's own row when the check runs again after inserting it.
   */
  async assertNone(actor: StaffActor, dto: CreateCustomerDto, inserted?: string): Promise<void> {
    const matches = new Map<string, Set<DuplicateMatch>>();
    const add = (customerId: string, on: DuplicateMatch) =>
      matches.set(customerId, (matches.get(customerId) ?? new Set()).add(on));
    const vat = vatKey(dto.vat);
    const company = companyKey(dto.company);
    // One query for both keys (each has its index): the same VAT or the same folded name.
    const sameKeys = await this.customers.withSameKeys(vat, company);
    for (const c of sameKeys.filter(({ id }) => id !== inserted)) {
      if (vat && c.vatKey === vat) add(c.id, 'vat');
      if (c.companyKey === company) add(c.id, 'company');
    }
    const emailOwner = dto.primaryContact ? await this.contacts.customerIdOfEmail(dto.primaryContact.email) : null;
    if (emailOwner) add(emailOwner, 'contactEmail');
    if (matches.size === 0) return;
    const visible = await this.access.visibleAmong(actor, [...matches.keys()]);
    const named = await this.customers.companiesOf(visible);
    throw customerDuplicate(
      [...new Set([...matches.values()].flatMap((on) => [...on]))],
      named.map((c) => ({ id: c.id, company: c.company, matchedOn: [...matches.get(c.id)!] })),
    );
  }

  /**
   * A key taken by a concurrent create that committed after this create's check: the check
   * again, in the same transaction, now sees that customer and throws the 409 naming it as
   * the caller may see it (`inserted`, this create's own row, is no duplicate of itself).
   * When it finds nothing (the customer already renamed or deleted), the answer is an error
   * that runs the create again.
   */
  async raceLost(actor: StaffActor, dto: CreateCustomerDto, on: DuplicateMatch, inserted?: string) {
    await this.assertNone(actor, dto, inserted);
    return new DuplicateRaceLost(on);
  }
}
