import { TransactionalConnection } from '@app/database';
import { OneTimeLinks } from '../../src/one-time-links/one-time-links.service';
import { FACTORY_PASSWORD, given } from '../factories/given';
import { TestApp, startTestApp } from '../helpers/test-app';

/** The id documented in examples where a real record must be named; the test names a real one. */
const SAMPLE_ID = '0190f5f2-7c1e-7a3b-9d4e-5f6a7b8c9d0e';
/** A 409 that only says the example's record exists already (another example created it). */
const DUPLICATE_CODES = [
  'CUSTOMER_DUPLICATE',
  'CONTACT_EMAIL_TAKEN',
  'STAFF_EMAIL_TAKEN',
  'ROLE_NAME_TAKEN',
  'GROUP_NAME_TAKEN',
  'CURRENCY_EXISTS',
];

type Schema = Record<string, any>;

/**
 * The body Swagger UI offers for an operation is built from the `example` of each property;
 * on a fresh server, sent as is, it succeeds (or meets the record another example made).
 */
describe('request body examples of the document', () => {
  let t: TestApp;
  let doc: any;
  let token: string;
  let credentials: { email: string; password: string };
  const fixtures: Record<string, string> = {};
  /** The contact the portal's examples sign in as (its password changes with the password example). */
  const portal = { email: '', password: FACTORY_PASSWORD };
  const portalLogin = async () => (await t.post('portal/auth/login', portal)).body;
  /** The settings that open the portal's routes (the settings example may have switched them off). */
  const openPortal = () =>
    t.request('PATCH', 'settings', {
      body: { allowRegistration: true, contactsMayEditCompany: true, primaryContactManagesContacts: true },
      token,
    });

  beforeAll(async () => {
    t = await startTestApp();
    doc = (await t.get('/docs-json')).body;
    const make = given(t);
    const administrator = await make.admin();
    credentials = { email: administrator.email, password: administrator.password };
    token = await administrator.token();
    const customer = await make.customer();
    fixtures.customer = customer.id;
    fixtures.staff = administrator.staff.id;
    fixtures.group = (await make.group()).id;
    fixtures.note = (await t.post(`customers/${customer.id}/notes`, { text: 'A note' }, { token })).body.id;
    const contact = await make.contact({ customerId: customer.id });
    fixtures.contact = contact.id;
    fixtures.contactEmailKey = contact.emailKey;
    const portalContact = await make.signedInContact();
    portal.email = portalContact.contact.email;
    fixtures.colleague = (await make.contact({ customerId: portalContact.customer.id, isPrimary: false })).id;
    // Sent estimates of the portal contact's company: one to accept, one to decline.
    for (const answer of ['portalAccept', 'portalDecline'])
      fixtures[answer] = (await make.estimate({ customerId: portalContact.customer.id })).id;
    fixtures.role = (await t.post('roles', { name: 'Fixture role', permissions: [] }, { token })).body.id;
    fixtures.member = (await make.staff()).staff.id;
    // On a customer of its own: an invoice locks its customer's currency, which an example changes.
    const invoicing = await make.customer();
    fixtures.invoiceContact = (await make.contact({ customerId: invoicing.id })).id;
    const invoice = await t.post(
      'invoices',
      {
        customerId: invoicing.id,
        status: 'draft',
        items: [{ description: 'Fixture line', quantity: '1', unitPrice: '10', taxRate: '0' }],
      },
      { token },
    );
    fixtures.invoice = invoice.body.id;
    // The payment example pays an unpaid invoice of its own.
    const payable = await t.post(
      'invoices',
      {
        customerId: (await make.customer({ currency: 'EUR' })).id,
        items: [{ description: 'Fixture line', quantity: '1', unitPrice: '1000', taxRate: '0' }],
      },
      { token },
    );
    fixtures.payableInvoice = payable.body.id;
    // Two draft estimates, on a customer of their own: the update example changes one, the conversion example converts the other.
    const estimating = await make.customer({ currency: 'EUR' });
    fixtures.estimateContact = (await make.contact({ customerId: estimating.id })).id;
    for (const name of ['estimate', 'convertible']) {
      const estimate = await t.post(
        'estimates',
        {
          customerId: estimating.id,
          status: 'draft',
          items: [{ description: 'Fixture line', quantity: '1', unitPrice: '10', taxRate: '0' }],
        },
        { token },
      );
      fixtures[name] = estimate.body.id;
    }
    // A credit note the update example changes and whose credit the application example applies to an invoice of its customer.
    const crediting = await make.customer({ currency: 'EUR' });
    fixtures.creditNoteContact = (await make.contact({ customerId: crediting.id })).id;
    fixtures.creditNote = (
      await t.post(
        'credit-notes',
        {
          customerId: crediting.id,
          items: [{ description: 'Fixture credit', quantity: '1', unitPrice: '10', taxRate: '0' }],
        },
        { token },
      )
    ).body.id;
    fixtures.creditable = (
      await t.post(
        'invoices',
        {
          customerId: crediting.id,
          items: [{ description: 'Fixture line', quantity: '1', unitPrice: '500', taxRate: '0' }],
        },
        { token },
      )
    ).body.id;
  });
  afterAll(() => t.close());

  const resolve = (schema: Schema): Schema => {
    const ref = schema.$ref ?? schema.allOf?.[0]?.$ref;
    return ref ? resolve(doc.components.schemas[ref.split('/').pop()]) : schema;
  };

  /** The example body, and the properties that have no example to offer. */
  const exampleOf = (schema: Schema, at: string, missing: string[]): unknown => {
    const object = resolve(schema);
    if ('example' in schema) return schema.example;
    if (object.type !== 'object' && !object.properties) {
      missing.push(at);
      return undefined;
    }
    return Object.fromEntries(
      Object.entries<Schema>(object.properties ?? {}).map(([name, property]) => [
        name,
        exampleOf(property, `${at}.${name}`, missing),
      ]),
    );
  };

  const pathFor = (path: string) =>
    path
      .replace(/^\/api\/v1\//, '')
      .replace('portal/contacts/{id}', `portal/contacts/${fixtures.colleague}`)
      .replace('portal/estimates/{id}/accept', `portal/estimates/${fixtures.portalAccept}/accept`)
      .replace('portal/estimates/{id}/decline', `portal/estimates/${fixtures.portalDecline}/decline`)
      .replace('customers/{id}/notes/{noteId}', `customers/${fixtures.customer}/notes/${fixtures.note}`)
      .replace(/^customers\/\{id\}/, `customers/${fixtures.customer}`)
      .replace(/^contacts\/\{id\}/, `contacts/${fixtures.contact}`)
      .replace(/^customer-groups\/\{id\}/, `customer-groups/${fixtures.group}`)
      .replace(/^staff\/\{id\}/, `staff/${fixtures.member}`)
      .replace(/^roles\/\{id\}/, `roles/${fixtures.role}`)
      .replace(/^invoices\/\{id\}/, `invoices/${fixtures.invoice}`)
      .replace('estimates/{id}/convert', `estimates/${fixtures.convertible}/convert`)
      .replace(/^estimates\/\{id\}/, `estimates/${fixtures.estimate}`)
      .replace(/^credit-notes\/\{id\}/, `credit-notes/${fixtures.creditNote}`)
      .replace('{code}', 'EUR');

  /** Path parameters other than ids: the example (or first value) their schema documents. */
  const documentedParams = (path: string, op: any) =>
    (op.parameters ?? []).reduce(
      (filled: string, p: any) =>
        p.in === 'path' && (p.schema?.example ?? p.schema?.enum)
          ? filled.replace(`{${p.name}}`, p.schema.example ?? p.schema.enum[0])
          : filled,
      path,
    );

  /** What only the caller can know: its credentials, its refresh token, a link's token, ids of real records. */
  const personalise = async (name: string, body: any) => {
    if (name === 'POST /api/v1/auth/login') return credentials;
    if (name === 'POST /api/v1/portal/auth/login') return portal;
    if (name === 'POST /api/v1/portal/auth/refresh' || name === 'POST /api/v1/portal/auth/logout') {
      return { ...body, refreshToken: (await portalLogin()).refreshToken };
    }
    if (name === 'POST /api/v1/portal/me/password') {
      const changed = { currentPassword: portal.password, newPassword: body.newPassword };
      return changed;
    }
    // A document is sent to a contact of its own customer.
    const recipient = {
      'POST /api/v1/invoices/{id}/send': fixtures.invoiceContact,
      'POST /api/v1/estimates/{id}/send': fixtures.estimateContact,
      'POST /api/v1/credit-notes/{id}/send': fixtures.creditNoteContact,
      'POST /api/v1/customers/{id}/statement/send': fixtures.contact,
    }[name];
    if (recipient) return { ...body, contactIds: [recipient] };
    if (name === 'POST /api/v1/payments') return { ...body, invoiceId: fixtures.payableInvoice };
    if (name === 'POST /api/v1/credit-notes/{id}/applications') return { ...body, invoiceId: fixtures.creditable };
    if (name === 'POST /api/v1/credit-notes') {
      // The invoice it is issued for is one of the example's customer (made now: an invoice locks the currency an earlier example changes).
      const issuedFor = await t.post(
        'invoices',
        {
          customerId: fixtures.customer,
          items: [{ description: 'Credited line', quantity: '1', unitPrice: '5', taxRate: '0' }],
        },
        { token },
      );
      return { ...body, customerId: fixtures.customer, invoiceId: issuedFor.body.id };
    }
    if (name === 'POST /api/v1/portal/auth/reset-password') {
      const links = t.app.get(OneTimeLinks);
      const linkToken = await t.app
        .get(TransactionalConnection)
        .transaction(() => links.issue('set_password', fixtures.contact, fixtures.contactEmailKey));
      return { ...body, token: linkToken };
    }
    if (name === 'POST /api/v1/auth/refresh' || name === 'POST /api/v1/auth/logout') {
      return { refreshToken: (await t.post('auth/login', credentials)).body.refreshToken };
    }
    const text = JSON.stringify(body)
      .replace(`"staffId":"${SAMPLE_ID}"`, `"staffId":"${fixtures.member}"`)
      .replaceAll(SAMPLE_ID, fixtures.customer);
    return JSON.parse(text);
  };

  const operations = () =>
    Object.entries<any>(doc.paths).flatMap(([path, item]) =>
      Object.entries<any>(item)
        .filter(([, op]) => op?.requestBody?.content?.['application/json'])
        .map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, path, method, op })),
    );

  it('offers an example for every property of every request body', () => {
    const missing: string[] = [];
    for (const { name, op } of operations())
      exampleOf(op.requestBody.content['application/json'].schema, name, missing);
    expect(missing).toEqual([]);
  });

  it('answers every example, sent as is, with its documented success', async () => {
    const outcomes: string[] = [];
    for (const { name, path, method, op } of operations()) {
      const example = exampleOf(op.requestBody.content['application/json'].schema, name, []);
      const body = await personalise(name, example);
      const portalRoute = (op.security ?? []).some((s: object) => 'portalBearer' in s);
      if (path.startsWith('/api/v1/portal/')) await openPortal();
      const caller = portalRoute ? (await portalLogin()).accessToken : token;
      const res = await t.request(method.toUpperCase(), pathFor(documentedParams(path, op)), { body, token: caller });
      if (name === 'POST /api/v1/portal/me/password' && res.status === 200) portal.password = body.newPassword;
      const success = res.status < 300 && String(res.status) in op.responses;
      const duplicate = res.status === 409 && '409' in op.responses && DUPLICATE_CODES.includes(res.body.code);
      if (!success && !duplicate) outcomes.push(`${name}: ${res.status} ${res.text.slice(0, 300)}`);
    }
    expect(outcomes).toEqual([]);
  });
});
