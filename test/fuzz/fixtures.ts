import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { FACTORY_PASSWORD, given } from '../factories/given';
import type { TestApp } from '../helpers/test-app';
import { uniqueTag } from './generators';
import type { Operation, Schema } from './openapi-model';
import { CURRENT_ETAG, FuzzRequest, PlacedHint, cloneValue } from './requests';

/**
 * The real records the fuzz points at: a customer (in a group, with a staff member as its
 * customer admin, with a note, a contact, a failed outbox email, a draft invoice, a draft estimate, a credit note with credit applied and a payment on
 * an unpaid invoice), a role
 * and the EUR currency. A path parameter names one of
 * them by its own name (`staffId`) or by the collection before it (`/customers/{id}`); on the
 * portal, a document of the signed-in contact's company (an issued invoice, a credit note and
 * a sent estimate).
 * A new resource with ids in its paths needs its record here; until then the fuzz reports
 * each operation whose path it cannot fill.
 */

export interface FixtureSet {
  customerId: string;
  groupId: string;
  noteId: string;
  contactId: string;
  emailId: string;
  roleId: string;
  staffId: string;
  currencyCode: string;
  invoiceId: string;
  estimateId: string;
  creditNoteId: string;
  /** Credit applied from the credit note to the payable invoice. */
  applicationId: string;
  paymentId: string;
  /** An issued invoice, paid in part: payments may be recorded on it. */
  payableInvoiceId: string;
  /** A payment mode the settings hold now (the fuzz changes them). */
  paymentMode: string;
  /** Documents of the portal contact's company: an issued invoice, a credit note and a sent estimate. */
  portalInvoiceId: string;
  portalCreditNoteId: string;
  portalEstimateId: string;
}

type ResourceKey = keyof FixtureSet;

const BY_NAME: Record<string, ResourceKey> = {
  customerId: 'customerId',
  groupId: 'groupId',
  noteId: 'noteId',
  contactId: 'contactId',
  emailId: 'emailId',
  roleId: 'roleId',
  staffId: 'staffId',
  invoiceId: 'invoiceId',
  estimateId: 'estimateId',
  creditNoteId: 'creditNoteId',
  applicationId: 'applicationId',
  paymentId: 'paymentId',
};

const BY_COLLECTION: Record<string, ResourceKey> = {
  customers: 'customerId',
  'customer-groups': 'groupId',
  notes: 'noteId',
  contacts: 'contactId',
  emails: 'emailId',
  roles: 'roleId',
  staff: 'staffId',
  admins: 'staffId',
  currencies: 'currencyCode',
  invoices: 'invoiceId',
  estimates: 'estimateId',
  'credit-notes': 'creditNoteId',
  applications: 'applicationId',
  payments: 'paymentId',
};

/** On the portal, a document of the signed-in contact's own company (another company's is a 404). */
const BY_PORTAL_COLLECTION: Record<string, ResourceKey> = {
  invoices: 'portalInvoiceId',
  'credit-notes': 'portalCreditNoteId',
  estimates: 'portalEstimateId',
};

/** The fixture a path parameter stands for, if the fuzz knows one. */
export function resourceOf(path: string, name: string): ResourceKey | undefined {
  const segments = path.split('/');
  const at = segments.indexOf(`{${name}}`);
  if (path.startsWith('/api/v1/portal/') && at > 0 && BY_PORTAL_COLLECTION[segments[at - 1]])
    return BY_PORTAL_COLLECTION[segments[at - 1]];
  if (BY_NAME[name]) return BY_NAME[name];
  return at > 0 ? BY_COLLECTION[segments[at - 1]] : undefined;
}

const FIXTURE = /^@fixture:([A-Za-z]+)$/;
const REFRESH_TOKEN = '@refresh-token';

/** ISO 3166-1 alpha-2 codes (the document's description of `country`). */
const COUNTRIES = ['DE', 'FR', 'US', 'GB', 'AT', 'CH', 'IT', 'ES', 'NL', 'SE', 'JP', 'BR', 'PL', 'IN'];
/** ISO 4217 codes a new currency may take (the seeded USD and EUR excepted), each once. */
const NEW_CURRENCIES = `GBP CHF JPY SEK NOK DKK PLN CZK HUF CAD AUD NZD BRL AED AFN ALL AMD AOA ARS AWG AZN BAM BBD
  BDT BGN BHD BIF BMD BND BOB BSD BTN BWP BYN BZD CDF CLP CNY COP CRC CUP CVE DJF DOP DZD EGP ERN ETB FJD FKP GEL GHS
  GIP GMD GNF GTQ GYD HKD HNL HTG IDR ILS INR IQD IRR ISK JMD JOD KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD
  LSL LYD MAD MDL MGA MKD MMK MNT MOP MUR MVR MWK MXN MYR MZN NAD NGN NIO NPR OMR PAB PEN PGK PHP PKR PYG QAR RON RSD
  RUB RWF SAR SBD SCR SDG SGD SHP SOS SRD SSP SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX UYU UZS VND VUV WST
  XAF XCD XOF XPF YER ZAR ZMW`.split(/\s+/);
/** Stands for a currency code no currency has yet; taken once a request with it succeeds. */
const NEW_CURRENCY = '@new-currency-code';

const fixture = (key: ResourceKey) => `@fixture:${key}`;

export class Fixtures {
  private shared!: FixtureSet;
  private fresh?: FixtureSet;
  private dirty = true;
  private refreshTokens: string[] = [];
  private currencyIndex = 0;
  /** The request being resolved was given the next new currency code. */
  private offeredCurrency = false;
  /** Operations whose path has a parameter no fixture stands for. */
  readonly unbound = new Map<string, string[]>();
  loginEmail = '';
  /** The company of the contact whose token calls the portal routes; its documents are made with each set. */
  portalCustomerId = '';

  constructor(
    private readonly t: TestApp,
    private readonly token: string,
    private readonly sortFields: (op: Operation) => string[],
  ) {}

  async init(): Promise<void> {
    this.shared = await this.createSet();
    const sessions = await given(this.t).staff({ permissions: ['customers.view'] });
    this.loginEmail = sessions.email;
    for (let i = 0; i < 6; i++) {
      const res = await this.t.post('auth/login', { email: sessions.email, password: FACTORY_PASSWORD });
      if (res.status !== 200) throw new Error(`fixture login failed: ${res.status} ${res.text}`);
      this.refreshTokens.push(res.body.refreshToken);
    }
  }

  /** A new set of records, related as the API relates them. */
  async createSet(): Promise<FixtureSet> {
    const g = given(this.t);
    await this.ensureCurrencies();
    const group = await g.group(`Fixture group ${uniqueTag()}`);
    const role = await this.create('roles', { name: `Fixture role ${uniqueTag()}`, permissions: ['customers.view'] });
    const staff = await g.staff({ permissions: ['customers.view'] });
    const customer = await g.customer({ currency: 'EUR', groupIds: [group.id], admins: [staff.staff.id] });
    const note = await this.create(`customers/${customer.id}/notes`, { text: `Fixture note ${uniqueTag()}` });
    const contact = await this.create(`customers/${customer.id}/contacts`, {
      firstName: 'Fixture',
      lastName: 'Contact',
      email: `fixture-${uniqueTag()}@example.test`,
    });
    const email = await g.email({ customerId: customer.id });
    // A draft: every change of an invoice applies to it, and it may be deleted.
    const invoice = await this.create('invoices', {
      customerId: customer.id,
      status: 'draft',
      items: [{ description: 'Fixture line', quantity: '2', unitPrice: '12.50', taxRate: '19' }],
    });
    // A draft estimate: every change applies to it, it may be converted and deleted.
    const estimate = await this.create('estimates', {
      customerId: customer.id,
      status: 'draft',
      items: [{ description: 'Fixture line', quantity: '3', unitPrice: '99.90', taxRate: '7' }],
    });
    // Paid in part: it may be read and deleted (and a payment may be recorded on its invoice).
    const payable = await this.create('invoices', {
      customerId: customer.id,
      items: [{ description: 'Fixture line', quantity: '4', unitPrice: '250.00', taxRate: '0' }],
    });
    const paymentMode = await this.aPaymentMode();
    const payment = await this.create('payments', { invoiceId: payable, amount: '10.00', mode: paymentMode });
    // Open, with part of its credit applied to the payable invoice (which it may take more of).
    const creditNote = await this.create('credit-notes', {
      customerId: customer.id,
      items: [{ description: 'Fixture credit', quantity: '1', unitPrice: '30.00', taxRate: '0' }],
    });
    const credited = await this.t.post(
      `credit-notes/${creditNote}/applications`,
      { invoiceId: payable, amount: '10.00' },
      { token: this.token },
    );
    if (credited.status !== 201) throw new Error(`credit fixture failed: ${credited.status} ${credited.text}`);
    const portalLine = [{ description: 'Portal fixture', quantity: '1', unitPrice: '40.00', taxRate: '0' }];
    const onPortal = { customerId: this.portalCustomerId, items: portalLine };
    const portalInvoiceId = await this.create('invoices', onPortal);
    const portalCreditNoteId = await this.create('credit-notes', onPortal);
    const portalEstimateId = await this.create('estimates', onPortal);
    return {
      portalInvoiceId,
      portalCreditNoteId,
      portalEstimateId,
      customerId: customer.id,
      groupId: group.id,
      noteId: note,
      contactId: contact,
      emailId: email.id,
      roleId: role,
      staffId: staff.staff.id,
      currencyCode: 'EUR',
      invoiceId: invoice,
      estimateId: estimate,
      creditNoteId: creditNote,
      applicationId: credited.body.applications[0].id,
      paymentId: payment,
      payableInvoiceId: payable,
      paymentMode,
    };
  }

  /** The first payment mode of the settings as they are now, after the fuzz changed them. */
  private async aPaymentMode(): Promise<string> {
    const settings = await this.t.get('settings', { token: this.token });
    const modes: string[] = settings.body.paymentModes ?? [];
    if (modes.length > 0) return modes[0];
    const restored = await this.t.request('PATCH', 'settings', { body: { paymentModes: ['bank'] }, token: this.token });
    if (restored.status !== 200) throw new Error(`fixture PATCH settings failed: ${restored.status} ${restored.text}`);
    return 'bank';
  }

  private async create(path: string, body: unknown): Promise<string> {
    const res = await this.t.post(path, body, { token: this.token });
    if (res.status !== 201) throw new Error(`fixture POST ${path} failed: ${res.status} ${res.text}`);
    return res.body.id;
  }

  /** EUR exists and is not the default currency (which takes no exchange rates): USD is, as seeded. */
  private async ensureCurrencies(): Promise<void> {
    const defaults = { decimals: 2, thousandSeparator: ',', decimalSeparator: '.', placement: 'before' };
    for (const [code, name, symbol] of [
      ['USD', 'US Dollar', '$'],
      ['EUR', 'Euro', '€'],
    ]) {
      const res = await this.t.get(`currencies/${code}`, { token: this.token });
      if (res.status === 200) continue;
      const created = await this.t.post('currencies', { code, name, symbol, ...defaults }, { token: this.token });
      if (created.status !== 201) throw new Error(`fixture currency ${code}: ${created.status} ${created.text}`);
    }
    const usd = await this.t.get('currencies/USD', { token: this.token });
    if (usd.body?.isDefault) return;
    const res = await this.t.request('PATCH', 'currencies/USD', { body: { isDefault: true }, token: this.token });
    if (res.status !== 200) throw new Error(`fixture default currency: ${res.status} ${res.text}`);
  }

  /** A new shared set, after an operation that may have changed the old one (deactivated its staff member, say). */
  async renewShared(): Promise<void> {
    this.shared = await this.createSet();
  }

  /** Something a destructive operation may have used up: the next one gets a new set. */
  markUsed(): void {
    this.dirty = true;
  }

  private newCurrency(): string {
    return NEW_CURRENCIES[this.currencyIndex % NEW_CURRENCIES.length];
  }

  /** A request succeeded: a new currency code it was offered is taken now. */
  succeeded(): void {
    if (this.offeredCurrency) this.currencyIndex++;
  }

  /** The records an operation works on: destructive ones get their own, renewed once used. */
  async setFor(destructive: boolean): Promise<FixtureSet> {
    if (!destructive) return this.shared;
    if (this.dirty || !this.fresh) {
      this.fresh = await this.createSet();
      this.dirty = false;
    }
    return this.fresh;
  }

  /** Fixture ids put into a value, a well-formed stand-in for a refresh token (ETags stay placeholders). */
  substitute<T>(value: T, set: FixtureSet = this.shared): T {
    const swap = (v: unknown): unknown => {
      if (typeof v === 'string') {
        const m = FIXTURE.exec(v);
        if (v === REFRESH_TOKEN) return 'sampleRefreshToken';
        if (v === NEW_CURRENCY) return this.newCurrency();
        return m ? set[m[1] as ResourceKey] : v;
      }
      if (Array.isArray(v)) return v.map(swap);
      if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
        for (const key of Object.keys(v)) (v as Record<string, unknown>)[key] = swap((v as any)[key]);
      }
      return v;
    };
    return swap(cloneValue(value)) as T;
  }

  /** Fixture ids, tokens and the current ETag put into the request. */
  async resolve(op: Operation, req: FuzzRequest, set: FixtureSet): Promise<FuzzRequest> {
    this.offeredCurrency = false;
    const swap = (value: unknown): unknown => {
      if (typeof value === 'string') {
        const m = FIXTURE.exec(value);
        if (m) return set[m[1] as ResourceKey];
        if (value === REFRESH_TOKEN) return this.refreshTokens.shift() ?? `spent${uniqueTag()}`;
        if (value === NEW_CURRENCY) {
          this.offeredCurrency = true;
          return this.newCurrency();
        }
        return value;
      }
      if (Array.isArray(value)) return value.map(swap);
      if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
        for (const key of Object.keys(value)) (value as Record<string, unknown>)[key] = swap((value as any)[key]);
      }
      return value;
    };
    const out: FuzzRequest = { ...req, body: swap(cloneValue(req.body)) };
    out.path = Object.fromEntries(
      Object.entries(req.path).map(([k, v]) => [k, { ...v, value: String(swap(v.value)) }]),
    );
    out.query = req.query.map((q) => ({ ...q, value: String(swap(q.value)) }));
    out.headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(swap(v))]));
    for (const [name, value] of Object.entries(out.headers)) {
      if (value !== CURRENT_ETAG) continue;
      const path = op.path.replace(/\{([^}]+)\}/g, (_m, p: string) => encodeURIComponent(out.path[p]?.value ?? ''));
      const res = await this.t.get(path, { token: this.token });
      const etag = res.headers.get('etag');
      if (etag) out.headers[name] = etag;
      else delete out.headers[name];
    }
    return out;
  }

  /** Values the schema alone cannot know: ids of real records, existing codes, real tokens. */
  readonly hint: PlacedHint = (name, schema: Schema, place) => {
    if (place.in === 'path') {
      // A name the document lists (a template, a language) is itself the record.
      if (schema.enum) return fc.constantFrom(...(schema.enum as string[]));
      const key = resourceOf(place.op.path, name);
      if (!key) {
        const names = this.unbound.get(place.op.key) ?? [];
        if (!names.includes(name)) this.unbound.set(place.op.key, [...names, name]);
        return undefined;
      }
      return fc.constant(fixture(key));
    }
    if (place.in === 'header') {
      if (name.toLowerCase() === 'idempotency-key') return fc.constant(null).map(() => `fuzz-${randomUUID()}`);
      if (name.toLowerCase() === 'if-match') return fc.constant(CURRENT_ETAG);
      return undefined;
    }
    if (place.in === 'query' && name === 'sort') {
      if (schema.enum) return fc.constantFrom(...(schema.enum as string[]));
      const fields = this.sortFields(place.op);
      if (fields.length) return fc.constantFrom(...fields.flatMap((f) => [f, `-${f}`]));
    }
    // A payment's mode: one the settings hold (other bodies have a `mode` of their own).
    if (name === 'mode' && place.op.path.endsWith('/payments') && schema.type === 'string') {
      return fc.constant(fixture('paymentMode'));
    }
    // Payments and credit go on an issued invoice (the invoice fixture is a draft).
    if (name === 'invoiceId' && /\/(payments|applications)$/.test(place.op.path) && place.in === 'body') {
      return fc.constant(fixture('payableInvoiceId'));
    }
    const key = BY_NAME[name] ?? BY_NAME[name.replace(/s$/, '')];
    if (key) {
      if (schema.type === 'array') return fc.constant([fixture(key)]);
      if (schema.type === 'string') return fc.constant(fixture(key));
    }
    if (schema.type !== 'string') return undefined;
    if (name === 'currency') return fc.constant('EUR');
    // The default currency as it is: switching it would take EUR's exchange rates away.
    if (name === 'defaultCurrency') return fc.constant('USD');
    if (name === 'timezone') return fc.constantFrom('UTC', 'Europe/Berlin', 'America/Argentina/Buenos_Aires');
    if (name === 'country') return fc.constantFrom(...COUNTRIES);
    if (name === 'code' && place.in === 'body') return fc.constant(NEW_CURRENCY);
    if (name === 'refreshToken') return fc.constant(REFRESH_TOKEN);
    return undefined;
  };

  /** Requests that should succeed, beside the generated ones: signing in and refreshing for real. */
  examples(op: Operation): FuzzRequest[] {
    const base = { path: {}, query: [], headers: {}, auth: 'caller' as const };
    if (op.key === 'POST /api/v1/auth/login') {
      return [{ ...base, auth: 'none', body: { email: this.loginEmail, password: FACTORY_PASSWORD } }];
    }
    if (op.key === 'POST /api/v1/auth/refresh') {
      return [{ ...base, auth: 'none', body: { refreshToken: REFRESH_TOKEN } }];
    }
    return [];
  }
}
