import { randomBytes } from 'node:crypto';
import * as argon2 from 'argon2';
import { caseKey, uuidv7 } from '@app/common';
import { nameKey } from '../../src/contacts/contact-keys';
import { Contact } from '../../src/contacts/contact.entity';
import { notificationsFor } from '../../src/contacts/email-notifications';
import { CustomerAdmin, CustomerSearchTerm } from '../../src/customers/customer-links.entity';
import { Customer } from '../../src/customers/customer.entity';
import { companyKey, searchTerms, vatKey } from '../../src/customer-contacts/customer-keys';
import { CustomerGroupMember } from '../../src/groups/customer-group-member.entity';
import { CustomerGroup } from '../../src/groups/customer-group.entity';
import { EmailStatus, OutboxEmail } from '../../src/mail/outbox-email.entity';
import type { TemplateName } from '../../src/email-templates/template-catalogue';
import type { Capability } from '../../src/permissions/capabilities';
import { PORTAL_PERMISSIONS, type PortalPermission } from '../../src/permissions/portal-permissions';
import { Staff } from '../../src/staff/staff.entity';
import { type TestApp, type TestAppOptions, startTestApp } from '../helpers/test-app';

/**
 * Test data, each call saying only what matters to the test. People, customers and groups
 * are written straight to the database (`given(t).staff()`, `.admin()`, `.customer()`,
 * `.group()`, `.contact()`), their keys computed by the production key functions, so rows
 * look exactly as the API writes them. Currencies and documents, whose numbers, totals and
 * locks only the application computes, are made through the real API by an administrator
 * (`.currency()`, `.invoice()`, `.estimate()`, `.payment()`, `.creditNote()`).
 */

export const FACTORY_PASSWORD = 'factory-password-1';
let factoryHash: Promise<string> | undefined;

/** One cheap argon2id hash of FACTORY_PASSWORD, shared by every account a factory makes. */
function passwordHash(): Promise<string> {
  factoryHash ??= argon2.hash(FACTORY_PASSWORD, {
    type: argon2.argon2id,
    memoryCost: 1024,
    timeCost: 1,
    parallelism: 1,
  });
  return factoryHash;
}

const suffix = () => randomBytes(4).toString('hex');
const NO_ADDRESS = { street: null, city: null, state: null, zip: null, country: null };

export interface StaffOptions {
  email?: string;
  firstName?: string;
  lastName?: string;
  permissions?: Capability[];
  isAdmin?: boolean;
  active?: boolean;
  language?: string | null;
}

export interface GivenStaff {
  staff: Staff;
  email: string;
  password: string;
  /** A fresh access token from the real login endpoint. */
  token(): Promise<string>;
}

export interface CustomerOptions {
  company?: string;
  vat?: string | null;
  phone?: string | null;
  country?: string | null;
  currency?: string | null;
  language?: string | null;
  active?: boolean;
  registration?: 'pending' | 'confirmed' | null;
  transactionCount?: number;
  groupIds?: string[];
  /** Staff ids assigned as customer admins. */
  admins?: string[];
}

export interface ContactOptions {
  customerId: string;
  email?: string;
  firstName?: string;
  lastName?: string;
  isPrimary?: boolean;
  active?: boolean;
  permissions?: PortalPermission[];
  /** With a password, FACTORY_PASSWORD signs in. */
  withPassword?: boolean;
  /** When it was added (the oldest active contact succeeds a deleted primary one). */
  createdAt?: Date;
}

export interface EmailOptions {
  /** `welcome` unless given. */
  template?: TemplateName;
  customerId?: string | null;
  toEmail?: string;
  status?: EmailStatus;
  attempts?: number;
  lastError?: string | null;
  /** A claim by some instance, held until then. */
  claim?: { by: string; until: Date };
  /** The contact it is for, and the one-time link it carries. */
  contactId?: string;
  link?: 'set_password' | 'reset_password';
}

export interface CurrencyOptions {
  code: string;
  decimals?: number;
  name?: string;
  symbol?: string;
  decimalSeparator?: string;
  thousandSeparator?: string;
  placement?: 'before' | 'after';
}

/** A document line: `quantity` times `unitPrice`, taxed at `taxRate` percent. */
export const line = (unitPrice: string, quantity = '1', taxRate = '0', description = 'Work') => ({
  description,
  quantity,
  unitPrice,
  taxRate,
});

export type DocumentLine = ReturnType<typeof line>;

export interface DocumentOptions {
  customerId: string;
  /** One line of 10.00 unless given. */
  items?: DocumentLine[];
  status?: string;
  date?: string;
  [field: string]: unknown;
}

export interface PaymentOptions {
  invoiceId: string;
  amount: string;
  /** `bank` unless given. */
  mode?: string;
  date?: string;
  note?: string | null;
}

export interface CreditNoteOptions {
  customerId: string;
  /** One line of 10.00 unless given. */
  items?: DocumentLine[];
  invoiceId?: string;
  date?: string;
}

/** The administrator who makes each application's currencies and documents. */
const operators = new WeakMap<TestApp, Promise<string>>();

export class Given {
  constructor(private readonly t: TestApp) {}

  /** A currency created through the API (`.` decimals, `,` thousands, symbol before). */
  currency(options: CurrencyOptions): Promise<any> {
    const { code } = options;
    return this.created('currencies', {
      code,
      name: options.name ?? `Currency ${code}`,
      symbol: options.symbol ?? code,
      decimals: options.decimals ?? 2,
      decimalSeparator: options.decimalSeparator ?? '.',
      thousandSeparator: options.thousandSeparator ?? ',',
      placement: options.placement ?? 'before',
    });
  }

  /** An invoice created through the API: unpaid and numbered unless `status: 'draft'`. */
  invoice(options: DocumentOptions): Promise<any> {
    return this.created('invoices', this.document(options));
  }

  /** An estimate created through the API: sent and numbered unless `status: 'draft'`. */
  estimate(options: DocumentOptions): Promise<any> {
    return this.created('estimates', this.document(options));
  }

  /** A payment recorded through the API against an invoice. */
  payment(options: PaymentOptions): Promise<any> {
    return this.created('payments', { ...options, mode: options.mode ?? 'bank' });
  }

  /** An open credit note created through the API. */
  creditNote(options: CreditNoteOptions): Promise<any> {
    return this.created('credit-notes', this.document(options));
  }

  private document<T extends { items?: DocumentLine[] }>(options: T) {
    return { ...options, items: options.items ?? [line('10.00')] };
  }

  private async created(path: string, body: object): Promise<any> {
    const res = await this.t.post(path, body, { token: await this.operator() });
    if (res.status !== 201) throw new Error(`POST ${path} failed: ${res.status} ${res.text}`);
    return res.body;
  }

  private operator(): Promise<string> {
    let token = operators.get(this.t);
    if (!token) {
      token = this.admin().then((admin) => admin.token());
      operators.set(this.t, token);
    }
    return token;
  }

  async staff(options: StaffOptions = {}): Promise<GivenStaff> {
    const tag = suffix();
    const email = options.email ?? `staff-${tag}@example.test`;
    const now = new Date();
    const staff = Object.assign(new Staff(), {
      id: uuidv7(),
      email,
      emailKey: caseKey(email),
      firstName: options.firstName ?? 'Sam',
      lastName: options.lastName ?? `Staff ${tag}`,
      passwordHash: await passwordHash(),
      isAdmin: options.isAdmin ?? false,
      active: options.active ?? true,
      language: options.language ?? null,
      permissions: options.permissions ?? [],
      roleId: null,
      lastLoginAt: null,
      sessionsValidAfter: null,
      createdAt: now,
      updatedAt: now,
    });
    await this.t.dataSource.getRepository(Staff).insert(staff);
    return { staff, email, password: FACTORY_PASSWORD, token: () => this.login(email, FACTORY_PASSWORD) };
  }

  admin(options: StaffOptions = {}): Promise<GivenStaff> {
    return this.staff({ ...options, isAdmin: true });
  }

  async login(email: string, password: string): Promise<string> {
    const res = await this.t.post('auth/login', { email, password });
    if (res.status !== 200) throw new Error(`login of ${email} failed: ${res.status} ${res.text}`);
    return res.body.accessToken;
  }

  /** A contact's token pair from the real portal sign-in (`FACTORY_PASSWORD` unless given). */
  async portalLogin(
    email: string,
    password = FACTORY_PASSWORD,
  ): Promise<{ accessToken: string; refreshToken: string }> {
    const res = await this.t.post('portal/auth/login', { email, password });
    if (res.status !== 200) throw new Error(`portal login of ${email} failed: ${res.status} ${res.text}`);
    return res.body;
  }

  /** A contact who may sign in (with a password, active, of an active customer unless given) and its access token. */
  async signedInContact(
    options: Partial<ContactOptions> & { customer?: CustomerOptions } = {},
  ): Promise<{ contact: Contact; customer: Customer; token: string; refreshToken: string }> {
    const { customer: customerOptions, ...contactOptions } = options;
    const customer = contactOptions.customerId
      ? ({ id: contactOptions.customerId } as Customer)
      : await this.customer(customerOptions);
    const contact = await this.contact({ ...contactOptions, customerId: customer.id, withPassword: true });
    const pair = await this.portalLogin(contact.email);
    return { contact, customer, token: pair.accessToken, refreshToken: pair.refreshToken };
  }

  async customer(options: CustomerOptions = {}): Promise<Customer> {
    const company = options.company ?? `Customer ${suffix()}`;
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
      language: options.language ?? null,
      active: options.active ?? true,
      registration: options.registration ?? null,
      transactionCount: options.transactionCount ?? 0,
      version: 1,
      createdBy: null,
      createdAt: now,
      updatedAt: now,
    });
    const ds = this.t.dataSource;
    await ds.getRepository(Customer).insert(customer);
    await this.searchTerms(customer.id, searchTerms(customer));
    const groupIds = options.groupIds ?? [];
    if (groupIds.length) {
      await ds
        .getRepository(CustomerGroupMember)
        .insert(groupIds.map((groupId) => ({ customerId: customer.id, groupId })));
    }
    const admins = options.admins ?? [];
    if (admins.length) {
      await ds
        .getRepository(CustomerAdmin)
        .insert(admins.map((staffId) => ({ customerId: customer.id, staffId, assignedAt: now, assignedBy: null })));
    }
    return customer;
  }

  async group(name = `Group ${suffix()}`): Promise<CustomerGroup> {
    const now = new Date();
    const group = Object.assign(new CustomerGroup(), {
      id: uuidv7(),
      name,
      nameKey: caseKey(name),
      createdAt: now,
      updatedAt: now,
    });
    await this.t.dataSource.getRepository(CustomerGroup).insert(group);
    return group;
  }

  /** A contact of an existing customer, found by the customer search like one the API adds. */
  async contact(options: ContactOptions): Promise<Contact> {
    const email = options.email ?? `contact-${suffix()}@example.test`;
    const permissions = options.permissions ?? [...PORTAL_PERMISSIONS];
    const firstName = options.firstName ?? 'Alex';
    const lastName = options.lastName ?? `Contact ${suffix()}`;
    const now = new Date();
    const contact = Object.assign(new Contact(), {
      id: uuidv7(),
      customerId: options.customerId,
      firstName,
      firstNameKey: nameKey(firstName),
      lastName,
      lastNameKey: nameKey(lastName),
      email,
      emailKey: caseKey(email),
      phone: null,
      title: null,
      passwordHash: options.withPassword ? await passwordHash() : null,
      isPrimary: options.isPrimary ?? true,
      active: options.active ?? true,
      permissions,
      emailNotifications: notificationsFor(permissions),
      lastLoginAt: null,
      sessionsValidAfter: null,
      version: 1,
      createdAt: options.createdAt ?? now,
      updatedAt: now,
    });
    await this.t.dataSource.getRepository(Contact).insert(contact);
    await this.searchTerms(contact.customerId, searchTerms({ company: '', contacts: [contact] }));
    return contact;
  }

  private async searchTerms(customerId: string, terms: string[]): Promise<void> {
    if (terms.length === 0) return;
    await this.t.dataSource
      .getRepository(CustomerSearchTerm)
      .createQueryBuilder()
      .insert()
      .values(terms.map((term) => ({ customerId, term })))
      .orIgnore()
      .execute();
  }

  /** An outbox email (failed by default: sent nowhere, ready to be retried). */
  async email(options: EmailOptions = {}): Promise<OutboxEmail> {
    const now = new Date();
    const status = options.status ?? 'failed';
    const email = Object.assign(new OutboxEmail(), {
      id: uuidv7(),
      template: options.template ?? 'welcome',
      language: 'en',
      toEmail: options.toEmail ?? `email-${suffix()}@example.test`,
      toName: 'Alex Recipient',
      customerId: options.customerId ?? null,
      contactId: options.contactId ?? null,
      context: { firstName: 'Alex', lastName: 'Recipient', customerCompany: 'Recipient Ltd' },
      link: options.link ?? null,
      status,
      attempts: options.attempts ?? (status === 'queued' ? 0 : 8),
      nextAttemptAt: now,
      claimedBy: options.claim?.by ?? null,
      leaseUntil: options.claim?.until ?? null,
      lastError:
        options.lastError !== undefined
          ? options.lastError
          : status === 'failed'
            ? 'Error: connect ECONNREFUSED'
            : null,
      messageId: null,
      createdAt: now,
      sentAt: null,
    });
    await this.t.dataSource.getRepository(OutboxEmail).insert(email);
    return email;
  }
}

export const given = (t: TestApp) => new Given(t);

export interface AdminApp {
  t: TestApp;
  make: Given;
  /** The token of an administrator, the one who also makes the factories' documents. */
  admin: string;
  adminId: string;
}

/** The application started on this worker's database, with an administrator signed in. */
export async function startAsAdmin(env: Record<string, string> = {}, options: TestAppOptions = {}): Promise<AdminApp> {
  const t = await startTestApp(env, options);
  const make = given(t);
  const administrator = await make.admin();
  const admin = await administrator.token();
  operators.set(t, Promise.resolve(admin));
  return { t, make, admin, adminId: administrator.staff.id };
}
