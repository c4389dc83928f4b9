import { randomBytes } from 'node:crypto';
import { maxLength } from 'class-validator';
import { ObjectLiteral } from 'typeorm';
import { AuditEvent } from '../../src/audit/audit-event.entity';
import { Contact } from '../../src/contacts/contact.entity';
import { Currency } from '../../src/currencies/currency.entity';
import { ExchangeRate } from '../../src/currencies/exchange-rate.entity';
import { CustomerSearchTerm } from '../../src/customers/customer-links.entity';
import { Customer } from '../../src/customers/customer.entity';
import { CustomerGroup } from '../../src/groups/customer-group.entity';
import { CustomerNote } from '../../src/notes/customer-note.entity';
import { Role } from '../../src/staff/role.entity';
import { Staff } from '../../src/staff/staff.entity';
import { SystemSetting } from '../../src/system/system-setting.entity';
import { given } from '../factories/given';
import { ApiResponse, TestApp, startTestApp } from '../helpers/test-app';
import { expectProblem } from '../helpers/problems';

/**
 * Text limits are counted as the database counts them: in Unicode code points. validator.js
 * (class-validator's `@MaxLength`) does not count variation selectors, so "❤️" (U+2764
 * U+FE0F) is one character to it and two to a utf8mb4 column. Every text field of every
 * request body gets, one past its limit, such text and plain ASCII (400 naming the field,
 * nothing stored), and text at its limit (accepted, on both engines).
 */

const codePoints = (text: string) => [...text].length;

let seed = 0;
/** `n` code points: a pictograph distinct on every call, then `unit` ("❤️" pairs and astral characters) repeated. */
function unicodeText(n: number, unit = '❤️😀'): string {
  // from U+1F300 on: names that must be unique stay unique
  const first = String.fromCodePoint(0x1f300 + (seed++ % 0x300));
  return [...(first + unit.repeat(Math.ceil(n / [...unit].length)))].slice(0, n).join('');
}

/** Multiline text: line breaks and tabs are allowed in notes. */
function unicodeLines(n: number): string {
  const chars = [...unicodeText(n)];
  for (let i = 40; i < chars.length; i += 80) chars[i] = i % 160 === 40 ? '\n' : '\t';
  return chars.join('');
}

/** An email of exactly `n` ASCII characters: 64 before the @, then labels of at most 63. */
function asciiEmail(n: number): string {
  const local = `e${randomBytes(4).toString('hex')}`.padEnd(64, 'x');
  const labels: string[] = [];
  let rest = n - local.length - '@.test'.length;
  while (rest > 0) {
    const size = Math.min(63, rest) - (rest === 64 ? 1 : 0);
    labels.push('d'.repeat(size));
    rest -= size + 1;
  }
  return `${local}@${[...labels, 'test'].join('.')}`;
}

interface Kind {
  /** Plain ASCII text of `n` characters the field accepts as far as its other rules go. */
  ascii(n: number): string;
  /** Text of `n` code points with "❤️" pairs and astral characters; absent when the field's pattern forbids them. */
  unicode?(n: number): string;
}

const TEXT: Kind = { ascii: (n) => 'x'.repeat(n), unicode: unicodeText };
const MULTILINE: Kind = { ascii: (n) => 'x'.repeat(n), unicode: unicodeLines };
const PHONE: Kind = { ascii: (n) => '1'.repeat(n) };
const EMAIL: Kind = { ascii: asciiEmail };
const WEBSITE: Kind = {
  ascii: (n) => `https://${'x'.repeat(n - 8)}`,
  unicode: (n) => `https://${unicodeText(n - 8)}`,
};
/** "İ" (U+0130) lower-cases to two code points ("i" and a combining dot above). */
const DOTTED_CAPITAL_I: Kind = { ascii: (n) => 'x'.repeat(n), unicode: (n) => unicodeText(n, 'İ❤️') };
const RATE: Kind = { ascii: (n) => `${'1'.repeat(n - 9)}.${'5'.repeat(8)}` };
const TOKEN: Kind = { ascii: (n) => 'A'.repeat(n) };

type RouteName =
  | 'POST customers'
  | 'POST customers/quick'
  | 'PATCH customers/{id}'
  | 'POST staff'
  | 'PATCH staff/{id}'
  | 'POST roles'
  | 'PATCH roles/{id}'
  | 'POST customer-groups'
  | 'PATCH customer-groups/{id}'
  | 'POST currencies'
  | 'PATCH currencies/EUR'
  | 'POST currencies/EUR/rates'
  | 'POST customers/{id}/notes'
  | 'POST customers/{id}/contacts'
  | 'PATCH contacts/{id}'
  | 'PATCH customers/{id}/notes/{noteId}'
  | 'PATCH customers/{id}/notes/{longNoteId}'
  | 'POST auth/login'
  | 'POST auth/refresh'
  | 'PATCH settings';

interface Case {
  route: RouteName;
  /** Dotted path of the field in the body, as the problem names it. */
  field: string;
  max: number;
  kind: Kind;
  /** Tells cases of the same field apart. */
  note?: string;
  /** The answer at the limit when it cannot be a success (sign-in with made-up credentials). */
  atLimitStatus?: number;
}

const ADDRESS = (route: RouteName, prefix: string): Case[] => [
  { route, field: `${prefix}.street`, max: 255, kind: TEXT },
  { route, field: `${prefix}.city`, max: 100, kind: TEXT },
  { route, field: `${prefix}.state`, max: 100, kind: TEXT },
  { route, field: `${prefix}.zip`, max: 20, kind: TEXT },
];

const CONTACT = (route: RouteName): Case[] => [
  { route, field: 'primaryContact.firstName', max: 100, kind: TEXT },
  { route, field: 'primaryContact.lastName', max: 100, kind: TEXT },
  { route, field: 'primaryContact.email', max: 254, kind: EMAIL },
  { route, field: 'primaryContact.phone', max: 50, kind: PHONE },
  { route, field: 'primaryContact.title', max: 100, kind: TEXT },
  { route, field: 'primaryContact.password', max: 200, kind: TEXT },
];

const CONTACT_FIELDS = (route: RouteName): Case[] => [
  { route, field: 'firstName', max: 100, kind: TEXT },
  { route, field: 'lastName', max: 100, kind: TEXT },
  { route, field: 'email', max: 254, kind: EMAIL },
  { route, field: 'phone', max: 50, kind: PHONE },
  { route, field: 'title', max: 100, kind: TEXT },
  { route, field: 'password', max: 200, kind: TEXT },
];

const CUSTOMER = (route: RouteName): Case[] => [
  { route, field: 'company', max: 191, kind: TEXT },
  { route, field: 'vat', max: 50, kind: TEXT },
  { route, field: 'phone', max: 50, kind: PHONE },
  { route, field: 'website', max: 255, kind: WEBSITE },
  ...ADDRESS(route, 'address'),
  ...ADDRESS(route, 'billingAddress'),
  ...ADDRESS(route, 'shippingAddress'),
];

const STAFF = (route: RouteName): Case[] => [
  { route, field: 'email', max: 254, kind: EMAIL },
  { route, field: 'firstName', max: 100, kind: TEXT },
  { route, field: 'lastName', max: 100, kind: TEXT },
  { route, field: 'password', max: 200, kind: TEXT },
];

const CASES: Case[] = [
  ...CUSTOMER('POST customers'),
  ...CONTACT('POST customers'),
  { route: 'POST customers/quick', field: 'company', max: 191, kind: TEXT },
  ...CONTACT('POST customers/quick'),
  ...CUSTOMER('PATCH customers/{id}'),
  ...STAFF('POST staff'),
  ...STAFF('PATCH staff/{id}'),
  { route: 'POST roles', field: 'name', max: 100, kind: TEXT },
  { route: 'PATCH roles/{id}', field: 'name', max: 100, kind: TEXT },
  {
    route: 'POST roles',
    field: 'name',
    max: 100,
    kind: DOTTED_CAPITAL_I,
    note: ' of "İ"',
  },
  { route: 'POST customer-groups', field: 'name', max: 191, kind: TEXT },
  { route: 'PATCH customer-groups/{id}', field: 'name', max: 191, kind: TEXT },
  {
    route: 'POST customer-groups',
    field: 'name',
    max: 191,
    kind: DOTTED_CAPITAL_I,
    note: ' of "İ"',
  },
  { route: 'POST currencies', field: 'name', max: 100, kind: TEXT },
  { route: 'POST currencies', field: 'symbol', max: 10, kind: TEXT },
  { route: 'PATCH currencies/EUR', field: 'name', max: 100, kind: TEXT },
  { route: 'PATCH currencies/EUR', field: 'symbol', max: 10, kind: TEXT },
  { route: 'POST currencies/EUR/rates', field: 'rate', max: 21, kind: RATE },
  { route: 'POST customers/{id}/notes', field: 'text', max: 10000, kind: MULTILINE },
  ...CONTACT_FIELDS('POST customers/{id}/contacts'),
  ...CONTACT_FIELDS('PATCH contacts/{id}'),
  { route: 'PATCH customers/{id}/notes/{noteId}', field: 'text', max: 10000, kind: MULTILINE },
  {
    route: 'PATCH customers/{id}/notes/{longNoteId}',
    field: 'text',
    max: 10000,
    kind: MULTILINE,
    note: ' replacing a note as long',
  },
  {
    route: 'POST auth/login',
    field: 'email',
    max: 254,
    kind: TEXT,
    atLimitStatus: 401,
  },
  { route: 'POST auth/login', field: 'password', max: 200, kind: TEXT, atLimitStatus: 401 },
  { route: 'POST auth/refresh', field: 'refreshToken', max: 100, kind: TOKEN, atLimitStatus: 401 },
  { route: 'PATCH settings', field: 'company.name', max: 191, kind: TEXT },
  { route: 'PATCH settings', field: 'company.vat', max: 50, kind: TEXT },
  { route: 'PATCH settings', field: 'company.phone', max: 50, kind: PHONE },
  { route: 'PATCH settings', field: 'company.email', max: 254, kind: EMAIL },
  { route: 'PATCH settings', field: 'company.website', max: 255, kind: WEBSITE },
  ...ADDRESS('PATCH settings', 'company.address'),
  { route: 'PATCH settings', field: 'portalUrl', max: 255, kind: WEBSITE },
  { route: 'PATCH settings', field: 'invoiceNumberPrefix', max: 20, kind: TOKEN },
  { route: 'PATCH settings', field: 'estimateNumberPrefix', max: 20, kind: TOKEN },
];

/** Sets `value` at a dotted path, creating the objects on the way. */
function withField(body: Record<string, any>, path: string, value: unknown): Record<string, any> {
  const keys = path.split('.');
  let host = body;
  for (const key of keys.slice(0, -1)) host = host[key] ??= {};
  host[keys[keys.length - 1]] = value;
  return body;
}

/** Rows of every table these requests write to, for "nothing was stored". */
const TABLES: Array<new () => ObjectLiteral> = [
  Customer,
  Contact,
  CustomerSearchTerm,
  Staff,
  Role,
  CustomerGroup,
  Currency,
  ExchangeRate,
  CustomerNote,
  AuditEvent,
  SystemSetting,
];

describe('text limits count code points, as the database does', () => {
  let t: TestApp;
  let token: string;
  const ids: Record<string, string> = {};
  const freeCurrencies = ['CHF', 'GBP', 'JPY', 'SEK', 'NOK', 'DKK', 'PLN', 'CZK', 'HUF', 'AUD', 'CAD', 'NZD'];

  const unique = () => randomBytes(4).toString('hex');
  const contact = () => ({ firstName: 'Petra', lastName: 'Nowak', email: `petra-${unique()}@example.test` });

  const routes: Record<RouteName, { method: string; path: () => string; body: () => Record<string, any> }> = {
    'POST customers': {
      method: 'POST',
      path: () => 'customers',
      body: () => ({ company: `Limits ${unique()}`, force: true, sendWelcomeEmail: false, primaryContact: contact() }),
    },
    'POST customers/quick': {
      method: 'POST',
      path: () => 'customers/quick',
      body: () => ({ company: `Quick ${unique()}`, force: true, primaryContact: contact() }),
    },
    'PATCH customers/{id}': { method: 'PATCH', path: () => `customers/${ids.customer}`, body: () => ({}) },
    'POST staff': {
      method: 'POST',
      path: () => 'staff',
      body: () => ({
        email: `staff-${unique()}@example.test`,
        firstName: 'Sam',
        lastName: 'Staff',
        password: 'a-long-enough-password',
      }),
    },
    'PATCH staff/{id}': { method: 'PATCH', path: () => `staff/${ids.staff}`, body: () => ({}) },
    'POST roles': { method: 'POST', path: () => 'roles', body: () => ({ name: `Role ${unique()}`, permissions: [] }) },
    'PATCH roles/{id}': { method: 'PATCH', path: () => `roles/${ids.role}`, body: () => ({}) },
    'POST customer-groups': { method: 'POST', path: () => 'customer-groups', body: () => ({ name: unique() }) },
    'PATCH customer-groups/{id}': { method: 'PATCH', path: () => `customer-groups/${ids.group}`, body: () => ({}) },
    'POST currencies': {
      method: 'POST',
      path: () => 'currencies',
      body: () => ({
        code: freeCurrencies[0],
        name: 'Some currency',
        symbol: '¤',
        decimals: 2,
        decimalSeparator: '.',
        thousandSeparator: ',',
        placement: 'before',
      }),
    },
    'PATCH currencies/EUR': { method: 'PATCH', path: () => 'currencies/EUR', body: () => ({}) },
    'POST currencies/EUR/rates': {
      method: 'POST',
      path: () => 'currencies/EUR/rates',
      body: () => ({ rate: '1.085', date: '2026-01-31' }),
    },
    'POST customers/{id}/notes': {
      method: 'POST',
      path: () => `customers/${ids.customer}/notes`,
      body: () => ({ text: 'A note' }),
    },
    'POST customers/{id}/contacts': {
      method: 'POST',
      path: () => `customers/${ids.customer}/contacts`,
      body: () => contact(),
    },
    'PATCH contacts/{id}': { method: 'PATCH', path: () => `contacts/${ids.contact}`, body: () => ({}) },
    'PATCH customers/{id}/notes/{noteId}': {
      method: 'PATCH',
      path: () => `customers/${ids.customer}/notes/${ids.note}`,
      body: () => ({}),
    },
    'PATCH customers/{id}/notes/{longNoteId}': {
      method: 'PATCH',
      path: () => `customers/${ids.customer}/notes/${ids.longNote}`,
      body: () => ({}),
    },
    'POST auth/login': {
      method: 'POST',
      path: () => 'auth/login',
      body: () => ({ email: 'nobody@example.test', password: 'not-the-password' }),
    },
    'POST auth/refresh': { method: 'POST', path: () => 'auth/refresh', body: () => ({ refreshToken: 'unknown' }) },
    'PATCH settings': { method: 'PATCH', path: () => 'settings', body: () => ({}) },
  };

  beforeAll(async () => {
    t = await startTestApp();
    token = await (await given(t).admin()).token();
    const created = async (path: string, body: unknown) => {
      const res = await t.post(path, body, { token });
      if (res.status !== 201) throw new Error(`POST ${path}: ${res.status} ${res.text}`);
      return res.body.id as string;
    };
    ids.customer = await created('customers', { company: 'Text Limits Ltd' });
    ids.staff = await created('staff', {
      email: 'limits@example.test',
      firstName: 'Lena',
      lastName: 'Limits',
      password: 'a-long-enough-password',
    });
    ids.role = await created('roles', { name: 'Limits', permissions: [] });
    ids.group = await created('customer-groups', { name: 'Limits' });
    ids.note = await created(`customers/${ids.customer}/notes`, { text: 'First note' });
    ids.contact = await created(`customers/${ids.customer}/contacts`, contact());
    ids.longNote = await created(`customers/${ids.customer}/notes`, { text: unicodeText(10000) });
  });
  afterAll(() => t.close());

  const send = (route: RouteName, field: string, value: string): Promise<ApiResponse> => {
    const { method, path, body } = routes[route];
    return t.request(method, path(), { body: withField(body(), field, value), token });
  };

  const stored = async () =>
    Promise.all(
      TABLES.map((table) =>
        t.dataSource
          .getRepository(table)
          .find()
          .then((rows) => JSON.stringify(rows)),
      ),
    );

  async function expectTooLong(route: RouteName, field: string, max: number, value: string): Promise<void> {
    const before = await stored();
    const res = await send(route, field, value);
    expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(res.body.errors).toContainEqual({
      field,
      code: 'maxLength',
      message: `${field} must be at most ${max} characters long`,
    });
    expect(await stored()).toEqual(before);
  }

  describe.each(CASES)('$route $field$note', ({ route, field, max, kind, atLimitStatus }) => {
    it(`refuses ${max + 1} code points with 400 naming the field, storing nothing`, async () => {
      const unicode = kind.unicode?.(max + 1) ?? unicodeText(max + 1);
      expect(codePoints(unicode)).toBe(max + 1);
      expect(maxLength(unicode, max)).toBe(true); // what class-validator's @MaxLength lets through
      await expectTooLong(route, field, max, unicode);

      const ascii = kind.ascii(max + 1);
      expect(ascii.length).toBe(max + 1);
      await expectTooLong(route, field, max, ascii);
    });

    it(`accepts ${max} code points`, async () => {
      const value = (kind.unicode ?? kind.ascii)(max);
      expect(codePoints(value)).toBe(max);
      const res = await send(route, field, value);
      const status = atLimitStatus ?? (route.startsWith('POST') ? 201 : 200);
      expect({ status: res.status, body: res.body }).toMatchObject({ status });
      if (route === 'POST currencies') freeCurrencies.shift();
    });
  });

  it.each(['customers', 'customer-groups', 'roles', 'staff', 'currencies'])(
    'GET %s: q of 200 code points',
    async (list) => {
      const over = unicodeText(201);
      expect(maxLength(over, 200)).toBe(true);
      for (const q of [over, 'x'.repeat(201)]) {
        const res = await t.get(`${list}?q=${encodeURIComponent(q)}`, { token });
        expectProblem(res, 400, 'VALIDATION_FAILED');
        expect(res.body.errors).toContainEqual({
          field: 'q',
          code: 'maxLength',
          message: 'q must be at most 200 characters long',
        });
      }
      const res = await t.get(`${list}?q=${encodeURIComponent(unicodeText(200))}`, { token });
      expect(res.status).toBe(200);
    },
  );
});
