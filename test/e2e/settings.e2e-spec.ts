import { AuditEvent } from '../../src/audit/audit-event.entity';
import { Currency } from '../../src/currencies/currency.entity';
import { LANGUAGE_CACHE_MS, SettingsService } from '../../src/settings/settings.service';
import { SystemSetting } from '../../src/system/system-setting.entity';
import { given } from '../factories/given';
import { ApiResponse, TestApp, startTestApp } from '../helpers/test-app';
import { errorFields, expectProblem } from '../helpers/problems';
import { WRITE_STATEMENT as WRITE, logStatements } from '../helpers/statements';

const NO_ADDRESS = { street: null, city: null, state: null, zip: null, country: null };
const NO_COMPANY = { name: null, vat: null, phone: null, email: null, website: null, address: NO_ADDRESS };

/** A fresh installation's settings (DEFAULT_LANGUAGE unset: English; the seeded default currency: USD). */
const DEFAULTS = {
  version: 1,
  allowRegistration: false,
  registrationRequiresApproval: true,
  defaultContactPermissions: ['invoices', 'estimates', 'support'],
  primaryContactManagesContacts: false,
  contactsMayEditCompany: false,
  pdfInClientLanguage: false,
  defaultCurrency: 'USD',
  defaultLanguage: 'en',
  timezone: 'UTC',
  company: NO_COMPANY,
  portalUrl: null,
  paymentModes: ['bank', 'cash', 'card'],
  invoiceNumberPrefix: 'INV-',
  estimateNumberPrefix: 'EST-',
  creditNoteNumberPrefix: 'CN-',
  invoiceDueDays: 30,
  estimateValidityDays: 30,
};

describe('settings', () => {
  let t: TestApp;
  let editor: string;
  let editorId: string;
  let viewer: string;
  let nobody: string;

  beforeAll(async () => {
    t = await startTestApp();
    const editing = await given(t).staff({ permissions: ['settings.edit'] });
    editor = await editing.token();
    editorId = editing.staff.id;
    viewer = await (await given(t).staff({ permissions: ['settings.view'] })).token();
    nobody = await (await given(t).staff({ permissions: [] })).token();
  });
  afterAll(() => t.close());

  /** Every test starts from a fresh installation's settings and default currency. */
  beforeEach(async () => {
    await t.dataSource
      .getRepository(SystemSetting)
      .createQueryBuilder()
      .delete()
      .where("`key` LIKE 'setting.%'")
      .execute();
    await t.dataSource.getRepository(AuditEvent).clear();
    await t.dataSource.getRepository(Currency).update({ code: 'EUR' }, { isDefault: false, defaultKey: null });
    await t.dataSource.getRepository(Currency).update({ code: 'USD' }, { isDefault: true, defaultKey: 'Y' });
  });

  const read = (token = nobody) => t.get('settings', { token });
  const patch = (body: unknown, options: { token?: string; ifMatch?: string } = {}) =>
    t.request('PATCH', 'settings', {
      body,
      token: options.token ?? editor,
      headers: options.ifMatch ? { 'if-match': options.ifMatch } : {},
    });

  async function settings(): Promise<Record<string, any>> {
    const res = await read();
    expect(res.status).toBe(200);
    return res.body;
  }

  async function expectPatched(body: unknown): Promise<ApiResponse> {
    const res = await patch(body);
    expect({ status: res.status, body: res.body }).toMatchObject({ status: 200 });
    return res;
  }

  /** Everything a refused change could have touched: the settings rows, the default currency, the trail. */
  const state = async () => ({
    rows: await t.dataSource.getRepository(SystemSetting).find({ order: { key: 'ASC' } }),
    defaults: (await t.dataSource.getRepository(Currency).findBy({ isDefault: true })).map((c) => c.code),
    events: await t.dataSource.getRepository(AuditEvent).count(),
  });

  describe('GET settings', () => {
    it('answers every key with its default on a fresh database, to any signed-in staff member, the version as ETag', async () => {
      const res = await read(nobody);

      expect(res.status).toBe(200);
      expect(res.body).toEqual(DEFAULTS);
      expect(res.headers.get('etag')).toBe('"1"');
    });

    it('answers 401 to anonymous callers', async () => {
      expectProblem(await t.get('settings'), 401, 'UNAUTHORIZED');
    });

    it('writes nothing: no statement writes and no row is added, the defaults are applied in code', async () => {
      const { statements } = await logStatements(t.dataSource).during(async () => {
        expect((await read()).status).toBe(200);
        expect((await t.get('languages', { token: nobody })).status).toBe(200);
      });

      expect(statements.filter((s) => WRITE.test(s))).toEqual([]);
      expect(statements.filter((s) => s.includes('system_settings')).length).toBeGreaterThan(0);
      const settingRows = await t.dataSource
        .getRepository(SystemSetting)
        .createQueryBuilder()
        .where("`key` LIKE 'setting.%'")
        .getCount();
      expect(settingRows).toBe(0);
    });

    it('never answers other system values (the generated JWT secret lives in the same table)', async () => {
      await t.dataSource
        .getRepository(SystemSetting)
        .upsert({ key: 'auth.jwt_secret', value: 'do-not-leak-this-secret', updatedAt: new Date() }, ['key']);

      const res = await read();

      expect(Object.keys(res.body).sort()).toEqual(Object.keys(DEFAULTS).sort());
      expect(res.text).not.toContain('do-not-leak-this-secret');
    });

    it('SettingsService.current() gives other modules the same settings', async () => {
      await expectPatched({ invoiceDueDays: 14, company: { name: 'Acme' } });

      const current = await t.app.get(SettingsService).current();

      const { version: _version, ...answered } = await settings();
      expect(current).toEqual(answered);
      expect(current.invoiceDueDays).toBe(14);
    });
  });

  describe('PATCH settings', () => {
    it('changes only the keys sent, advancing the version', async () => {
      const first = await expectPatched({ allowRegistration: true });
      expect(first.body).toEqual({ ...DEFAULTS, allowRegistration: true, version: 2 });
      expect(first.headers.get('etag')).toBe('"2"');

      const second = await expectPatched({ timezone: 'America/Argentina/Buenos_Aires' });

      expect(second.body).toEqual({
        ...DEFAULTS,
        allowRegistration: true,
        timezone: 'America/Argentina/Buenos_Aires',
        version: 3,
      });
      expect(await settings()).toEqual(second.body);
    });

    it('stores every key in system_settings, one JSON value each', async () => {
      await expectPatched({ paymentModes: ['bank', 'paypal'], portalUrl: 'https://portal.example.com/login' });

      const rows = await t.dataSource
        .getRepository(SystemSetting)
        .createQueryBuilder()
        .where("`key` LIKE 'setting.%'")
        .orderBy('`key`')
        .getMany();

      expect(rows.map((r) => [r.key, r.value])).toEqual([
        ['setting.paymentModes', '["bank","paypal"]'],
        ['setting.portalUrl', '"https://portal.example.com/login"'],
        ['setting.version', '2'],
      ]);
    });

    it('accepts a valid value of every key', async () => {
      const body = {
        allowRegistration: true,
        registrationRequiresApproval: false,
        defaultContactPermissions: ['support'],
        primaryContactManagesContacts: true,
        contactsMayEditCompany: true,
        pdfInClientLanguage: true,
        defaultCurrency: 'EUR',
        defaultLanguage: 'en',
        timezone: 'Asia/Kolkata',
        company: {
          name: 'Acme Consulting GmbH',
          vat: 'DE 123 456 789',
          phone: '+49 30 7654321',
          email: 'billing@acme.example',
          website: 'https://acme.example',
          address: { street: 'Hauptstraße 5', city: 'Berlin', state: 'Berlin', zip: '10115', country: 'DE' },
        },
        portalUrl: 'https://portal.example.com/login',
        paymentModes: ['bank', 'paypal', 'direct_debit'],
        invoiceNumberPrefix: 'RE/2026-',
        estimateNumberPrefix: '',
        creditNoteNumberPrefix: 'GS-',
        invoiceDueDays: 0,
        estimateValidityDays: 7,
      };

      const res = await expectPatched(body);

      expect(res.body).toEqual({ ...body, version: 2 });
      expect(await settings()).toEqual({ ...body, version: 2 });
    });

    it('merges company and its address member by member; null or blank text clears a member', async () => {
      await expectPatched({
        company: { name: 'Acme', phone: '+1 555 0100', address: { city: 'Berlin', country: 'DE' } },
      });
      await expectPatched({ company: { email: 'office@acme.example', address: { zip: '10115' } } });
      expect((await settings()).company).toEqual({
        ...NO_COMPANY,
        name: 'Acme',
        phone: '+1 555 0100',
        email: 'office@acme.example',
        address: { ...NO_ADDRESS, city: 'Berlin', zip: '10115', country: 'DE' },
      });

      await expectPatched({ company: { name: '  Acme Ltd  ', phone: null, address: { city: ' ', country: '' } } });

      expect((await settings()).company).toEqual({
        ...NO_COMPANY,
        name: 'Acme Ltd',
        email: 'office@acme.example',
        address: { ...NO_ADDRESS, zip: '10115' },
      });
    });

    it('clears portalUrl with null', async () => {
      await expectPatched({ portalUrl: 'https://portal.example.com' });
      await expectPatched({ portalUrl: null });
      expect((await settings()).portalUrl).toBeNull();
    });

    it('changes nothing, not even the version, when nothing differs', async () => {
      const before = await state();

      const res = await expectPatched({ allowRegistration: false, company: {}, defaultCurrency: 'USD' });

      expect(res.body).toEqual(DEFAULTS);
      expect(await state()).toEqual(before);
    });

    it.each<[string, Record<string, unknown>, string, string]>([
      ['an unknown key', { registrationEnabled: true }, 'registrationEnabled', 'unknownProperty'],
      ['an unknown company member', { company: { fax: '+1 555' } }, 'company.fax', 'unknownProperty'],
      ['a time zone that does not exist', { timezone: 'Mars/Olympus_Mons' }, 'timezone', 'isTimeZone'],
      ['a time zone in the wrong case', { timezone: 'europe/berlin' }, 'timezone', 'isTimeZone'],
      ['a time zone in capitals', { timezone: 'EUROPE/BERLIN' }, 'timezone', 'isTimeZone'],
      ['a time zone offset', { timezone: '+02:00' }, 'timezone', 'isTimeZone'],
      ['a time zone that is not text', { timezone: 1 }, 'timezone', 'isString'],
      ['a language without translations', { defaultLanguage: 'it' }, 'defaultLanguage', 'isIn'],
      ['an unknown currency', { defaultCurrency: 'GBP' }, 'defaultCurrency', 'unknownReference'],
      ['a lower-case currency code', { defaultCurrency: 'eur' }, 'defaultCurrency', 'matches'],
      ['no currency', { defaultCurrency: null }, 'defaultCurrency', 'isString'],
      [
        'a permission not in the portal catalogue',
        { defaultContactPermissions: ['invoices', 'tickets'] },
        'defaultContactPermissions',
        'isIn',
      ],
      [
        'a permission twice',
        { defaultContactPermissions: ['invoices', 'invoices'] },
        'defaultContactPermissions',
        'arrayUnique',
      ],
      ['a company name too long', { company: { name: 'x'.repeat(192) } }, 'company.name', 'maxLength'],
      ['a company VAT too long', { company: { vat: 'x'.repeat(51) } }, 'company.vat', 'maxLength'],
      [
        'a company street too long',
        { company: { address: { street: 'x'.repeat(256) } } },
        'company.address.street',
        'maxLength',
      ],
      ['a company email that is none', { company: { email: 'billing-at-acme' } }, 'company.email', 'isEmail'],
      ['a company phone with letters', { company: { phone: 'call me' } }, 'company.phone', 'matches'],
      ['a company website without http', { company: { website: 'ftp://acme.example' } }, 'company.website', 'matches'],
      [
        'a company country that is none',
        { company: { address: { country: 'XX' } } },
        'company.address.country',
        'isISO31661Alpha2',
      ],
      ['company as text', { company: 'Acme' }, 'company', 'isObject'],
      ['a switch as text', { allowRegistration: 'yes' }, 'allowRegistration', 'isBoolean'],
      ['a switch set to null', { pdfInClientLanguage: null }, 'pdfInClientLanguage', 'isBoolean'],
      ['due days past the limit', { invoiceDueDays: 366 }, 'invoiceDueDays', 'max'],
      ['negative due days', { invoiceDueDays: -1 }, 'invoiceDueDays', 'min'],
      ['fractional due days', { invoiceDueDays: 1.5 }, 'invoiceDueDays', 'isInt'],
      ['due days as text', { invoiceDueDays: '30' }, 'invoiceDueDays', 'isInt'],
      ['validity days past the limit', { estimateValidityDays: 366 }, 'estimateValidityDays', 'max'],
      ['validity days as null', { estimateValidityDays: null }, 'estimateValidityDays', 'isInt'],
      ['no payment mode', { paymentModes: [] }, 'paymentModes', 'arrayMinSize'],
      ['a payment mode that is no slug', { paymentModes: ['Bank Transfer'] }, 'paymentModes', 'matches'],
      ['a payment mode twice', { paymentModes: ['bank', 'bank'] }, 'paymentModes', 'arrayUnique'],
      ['a portal URL without scheme', { portalUrl: 'portal.example.com' }, 'portalUrl', 'matches'],
      ['a prefix with a space', { invoiceNumberPrefix: 'INV 2026-' }, 'invoiceNumberPrefix', 'matches'],
      ['a prefix too long', { estimateNumberPrefix: 'E'.repeat(21) }, 'estimateNumberPrefix', 'maxLength'],
    ])('refuses %s with 400 naming the field, changing nothing', async (_case, invalid, field, code) => {
      await expectPatched({ timezone: 'Europe/Berlin' });
      const before = await state();
      const shown = await settings();

      const res = await patch({ allowRegistration: true, company: { name: 'Changed' }, ...invalid });

      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(errorFields(res)).toEqual([field]);
      expect(res.body.errors).toContainEqual(expect.objectContaining({ field, code }));
      expect(await state()).toEqual(before);
      expect(await settings()).toEqual(shown);
    });

    it('answers 403 to staff without settings.edit, changing nothing', async () => {
      for (const token of [viewer, nobody]) {
        expectProblem(await patch({ allowRegistration: true }, { token }), 403, 'FORBIDDEN');
      }
      expect(await settings()).toEqual(DEFAULTS);
    });

    it('lets administrators change settings', async () => {
      const admin = await (await given(t).admin()).token();
      expect((await patch({ allowRegistration: true }, { token: admin })).status).toBe(200);
    });
  });

  describe('the default currency: the currencies flag, not a copy', () => {
    const defaultsListed = async () =>
      ((await t.get('currencies', { token: nobody })).body.data as Array<{ code: string; isDefault: boolean }>)
        .filter((c) => c.isDefault)
        .map((c) => c.code);

    it('moves the isDefault flag of currencies, and reads it back', async () => {
      const res = await expectPatched({ defaultCurrency: 'EUR' });

      expect(res.body.defaultCurrency).toBe('EUR');
      expect(await defaultsListed()).toEqual(['EUR']);
      expect((await settings()).defaultCurrency).toBe('EUR');
      expect(await t.dataSource.getRepository(SystemSetting).countBy({ key: 'setting.defaultCurrency' })).toBe(0);
    });

    it('follows a default switched through PATCH currencies/{code}', async () => {
      await expectPatched({ defaultCurrency: 'EUR' });

      const switched = await t.request('PATCH', 'currencies/USD', { body: { isDefault: true }, token: editor });

      expect(switched.status).toBe(200);
      expect((await settings()).defaultCurrency).toBe('USD');
    });
  });

  describe('the default language', () => {
    afterEach(async () => {
      await expectPatched({ defaultLanguage: 'en' });
    });

    it('is marked isDefault by GET languages', async () => {
      await expectPatched({ defaultLanguage: 'fr' });

      const res = await t.get('languages', { token: nobody });

      expect(
        res.body.data.filter((l: { isDefault: boolean }) => l.isDefault).map((l: { code: string }) => l.code),
      ).toEqual(['fr']);
    });

    it('answers callers without a language of their own in it, Accept-Language still first', async () => {
      const english = await t.get('settings');
      await expectPatched({ defaultLanguage: 'de' });

      const german = await t.get('settings');
      const asked = await t.get('settings', { headers: { 'accept-language': 'en' } });

      expect(german.headers.get('content-language')).toBe('de');
      expect(german.body.detail).not.toBe(english.body.detail);
      expect(asked.headers.get('content-language')).toBe('en');
      expect(asked.body.detail).toBe(english.body.detail);
    });
  });

  describe('versions: ETag and If-Match', () => {
    it('applies a change sent with the current ETag and refuses a stale one with 412, changing nothing', async () => {
      const etag = (await read()).headers.get('etag')!;
      const current = await patch({ allowRegistration: true }, { ifMatch: etag });
      expect(current.status).toBe(200);
      expect(current.headers.get('etag')).toBe('"2"');
      const before = await state();

      const stale = await patch({ timezone: 'Europe/Paris' }, { ifMatch: etag });

      expectProblem(stale, 412, 'STALE_VERSION');
      expect(stale.body.currentVersion).toBe(2);
      expect(await state()).toEqual(before);
      expect((await settings()).timezone).toBe('UTC');
    });

    it('refuses an If-Match that is no version with 400', async () => {
      const res = await patch({ allowRegistration: true }, { ifMatch: 'yesterday' });
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(errorFields(res)).toEqual(['If-Match']);
    });

    it('keeps every one of concurrent changes of different keys', async () => {
      const changes = [
        { allowRegistration: true },
        { registrationRequiresApproval: false },
        { primaryContactManagesContacts: true },
        { pdfInClientLanguage: true },
        { timezone: 'Europe/Vienna' },
        { invoiceDueDays: 45 },
        { paymentModes: ['cash'] },
        { company: { name: 'Concurrent Ltd' } },
        { company: { phone: '+43 1 234' } },
        { company: { address: { city: 'Wien' } } },
      ];

      const answers = await Promise.all(changes.map((change) => patch(change)));

      expect(answers.map((r) => r.status)).toEqual(changes.map(() => 200));
      const after = await settings();
      expect(after).toMatchObject({
        version: 1 + changes.length,
        allowRegistration: true,
        registrationRequiresApproval: false,
        primaryContactManagesContacts: true,
        pdfInClientLanguage: true,
        timezone: 'Europe/Vienna',
        invoiceDueDays: 45,
        paymentModes: ['cash'],
        company: {
          ...NO_COMPANY,
          name: 'Concurrent Ltd',
          phone: '+43 1 234',
          address: { ...NO_ADDRESS, city: 'Wien' },
        },
      });
      expect(await t.dataSource.getRepository(AuditEvent).count()).toBe(changes.length);
    });

    it('of concurrent changes from the same version, applies exactly one and refuses the others with 412', async () => {
      const changes = [{ invoiceDueDays: 10 }, { invoiceDueDays: 20 }, { invoiceDueDays: 40 }, { invoiceDueDays: 50 }];

      const answers = await Promise.all(changes.map((change) => patch(change, { ifMatch: '"1"' })));

      expect(answers.map((r) => r.status).sort()).toEqual([200, 412, 412, 412]);
      const winner = answers.find((r) => r.status === 200)!;
      expect(await settings()).toEqual(winner.body);
      expect(winner.body.version).toBe(2);
    });
  });

  describe('audit', () => {
    it('records who changed which field from what to what, outside any customer', async () => {
      await expectPatched({
        timezone: 'Europe/Berlin',
        defaultCurrency: 'EUR',
        company: { address: { city: 'Berlin' } },
      });

      const events = await t.dataSource.getRepository(AuditEvent).find();

      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        customerId: null,
        entityType: 'settings',
        entityId: 'settings',
        action: 'update',
        actorType: 'staff',
        actorId: editorId,
      });
      expect(events[0].changes).toEqual([
        { field: 'company.address.city', before: null, after: 'Berlin' },
        { field: 'defaultCurrency', before: 'USD', after: 'EUR' },
        { field: 'timezone', before: 'UTC', after: 'Europe/Berlin' },
      ]);
    });

    it('lists the settings activity newest first, to settings.view and settings.edit', async () => {
      await expectPatched({ invoiceDueDays: 10 });
      await expectPatched({ invoiceDueDays: 20 });

      const res = await t.get('settings/activity', { token: viewer });

      expect(res.status).toBe(200);
      expect(res.body.meta).toEqual({ page: 1, pageSize: 25, total: 2 });
      expect(res.body.data.map((e: any) => e.changes)).toEqual([
        [{ field: 'invoiceDueDays', before: 10, after: 20 }],
        [{ field: 'invoiceDueDays', before: 30, after: 10 }],
      ]);
      expect(res.body.data[0]).toMatchObject({
        entityType: 'settings',
        entityId: 'settings',
        action: 'update',
        actor: { type: 'staff', id: editorId },
      });
      expect((await t.get('settings/activity', { token: editor })).status).toBe(200);
      expectProblem(await t.get('settings/activity', { token: nobody }), 403, 'FORBIDDEN');
    });

    it('does not list customer activity', async () => {
      const customer = await given(t).customer();
      const admin = await (await given(t).admin()).token();
      expect((await t.request('PATCH', `customers/${customer.id}`, { body: { vat: 'X1' }, token: admin })).status).toBe(
        200,
      );

      const res = await t.get('settings/activity', { token: viewer });

      expect(res.body.data).toEqual([]);
    });
  });

  // Passport keeps strategies in one process-wide registry: once a second instance has
  // closed, signing in on the first fails. This runs last, with tokens made before.
  describe('several instances on one database', () => {
    it('read the settings another instance changed', async () => {
      const other = await startTestApp({}, { keepData: true });
      try {
        await expectPatched({ defaultLanguage: 'es', company: { name: 'Shared Ltd' }, defaultCurrency: 'EUR' });

        const seen = await other.get('settings', { token: nobody });
        const languages = await other.get('languages', { token: nobody });

        expect(seen.body).toEqual(await settings());
        expect(seen.headers.get('etag')).toBe('"2"');
        expect(languages.body.data.find((l: { isDefault: boolean }) => l.isDefault).code).toBe('es');
      } finally {
        await other.close();
        await expectPatched({ defaultLanguage: 'en' });
      }
    });

    it('answer errors in the default language another instance set once their copy is older than LANGUAGE_CACHE_MS', async () => {
      const other = await startTestApp({}, { keepData: true });
      const languageOfError = async () => (await other.get('settings')).headers.get('content-language');
      const settled = async (expected: string) => {
        for (let i = 0; i < 50 && (await languageOfError()) !== expected; i++) {
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        return languageOfError();
      };
      const now = Date.now();
      try {
        expect(await settled('en')).toBe('en');
        await expectPatched({ defaultLanguage: 'es' });

        expect(await languageOfError()).toBe('en');
        jest.spyOn(Date, 'now').mockReturnValue(now + LANGUAGE_CACHE_MS + 1000);

        expect(await settled('es')).toBe('es');
      } finally {
        jest.restoreAllMocks();
        await other.close();
        await expectPatched({ defaultLanguage: 'en' });
      }
    });
  });
});
