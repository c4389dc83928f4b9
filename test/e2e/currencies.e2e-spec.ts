import { IsNull, Not } from 'typeorm';
import { DomainError, uuidv7 } from '@app/common';
import { isForeignKeyViolation } from '@app/database';
import { CurrenciesService } from '../../src/currencies/currencies.service';
import type { CreateCurrencyDto } from '../../src/currencies/dto/currency.dto';
import { Currency } from '../../src/currencies/currency.entity';
import { ExchangeRate } from '../../src/currencies/exchange-rate.entity';
import { Customer } from '../../src/customers/customer.entity';
import { given } from '../factories/given';
import { ApiResponse, TestApp, startTestApp } from '../helpers/test-app';
import { errorFields, expectProblem } from '../helpers/problems';

const CURRENCY_KEYS = [
  'code',
  'decimalSeparator',
  'decimals',
  'inUse',
  'isDefault',
  'name',
  'placement',
  'symbol',
  'thousandSeparator',
];
const NO_ADDRESS = { street: null, city: null, state: null, zip: null, country: null };

/** A valid create body; override what the test is about. */
function newCurrency(overrides: Record<string, unknown> = {}) {
  return {
    code: 'GBP',
    name: 'Pound Sterling',
    symbol: '£',
    decimals: 2,
    decimalSeparator: '.',
    thousandSeparator: ',',
    placement: 'before',
    ...overrides,
  };
}

describe('currencies and exchange rates', () => {
  let t: TestApp;
  let editor: string;
  let viewer: string;

  beforeAll(async () => {
    t = await startTestApp();
    editor = await (await given(t).staff({ permissions: ['settings.edit'] })).token();
    viewer = await (await given(t).staff({ permissions: ['settings.view', 'customers.view'] })).token();
  });
  afterAll(() => t.close());

  const currencies = () => t.dataSource.getRepository(Currency);
  const rates = () => t.dataSource.getRepository(ExchangeRate);
  const patch = (path: string, body: unknown, token = editor) => t.request('PATCH', path, { body, token });
  const del = (path: string, token = editor) => t.request('DELETE', path, { token });
  const codesOf = (res: ApiResponse): string[] => (res.body.data as Array<{ code: string }>).map((c) => c.code);

  /** The defaults as the API lists them and as the table holds them: there must be exactly one. */
  async function defaults(): Promise<{ listed: string[]; flagged: string[]; keyed: string[] }> {
    const res = await t.get('currencies?pageSize=100', { token: viewer });
    expect(res.status).toBe(200);
    const listed = (res.body.data as Array<{ code: string; isDefault: boolean }>)
      .filter((c) => c.isDefault)
      .map((c) => c.code);
    const flagged = (await currencies().findBy({ isDefault: true })).map((c) => c.code);
    const keyed = (await currencies().findBy({ defaultKey: Not(IsNull()) })).map((c) => c.code);
    return { listed, flagged, keyed };
  }

  async function expectOnlyDefault(code: string) {
    expect(await defaults()).toEqual({ listed: [code], flagged: [code], keyed: [code] });
  }

  async function makeDefault(code: string) {
    const res = await patch(`currencies/${code}`, { isDefault: true });
    expect(res.status).toBe(200);
  }

  async function createCurrency(overrides: Record<string, unknown>) {
    const res = await t.post('currencies', newCurrency(overrides), { token: editor });
    expect(res.status).toBe(201);
    return res.body;
  }

  /** A customer row with every NOT NULL column filled, written straight to the table. */
  async function customerUsing(currency: string): Promise<string> {
    const id = uuidv7();
    const now = new Date();
    await t.dataSource.getRepository(Customer).insert({
      id,
      company: `Uses ${currency}`,
      companyKey: `uses ${currency.toLowerCase()} ${id}`,
      vat: null,
      vatKey: null,
      phone: null,
      website: null,
      address: { ...NO_ADDRESS },
      billing: { ...NO_ADDRESS },
      hasShippingAddress: false,
      shipping: { ...NO_ADDRESS },
      currency,
      language: null,
      active: true,
      transactionCount: 0,
      version: 1,
      createdBy: null,
      createdAt: now,
      updatedAt: now,
    });
    return id;
  }

  describe('GET currencies', () => {
    it('lists the seeded currencies by code with the Currency shape, to any signed-in staff member', async () => {
      const nobody = await (await given(t).staff({ permissions: [] })).token();

      const res = await t.get('currencies', { token: nobody });

      expect(res.status).toBe(200);
      expect(res.body.meta).toEqual({ page: 1, pageSize: 25, total: 2 });
      expect(Object.keys(res.body.data[0]).sort()).toEqual(CURRENCY_KEYS);
      expect(res.body.data).toEqual([
        {
          code: 'EUR',
          name: 'Euro',
          symbol: '€',
          decimals: 2,
          decimalSeparator: ',',
          thousandSeparator: '.',
          placement: 'after',
          isDefault: false,
          inUse: false,
        },
        {
          code: 'USD',
          name: 'US Dollar',
          symbol: '$',
          decimals: 2,
          decimalSeparator: '.',
          thousandSeparator: ',',
          placement: 'before',
          isDefault: true,
          inUse: false,
        },
      ]);
    });

    it('sorts by code or name in either direction, pages, searches and refuses other sort fields', async () => {
      await given(t).currency({ code: 'AUD', name: 'Zealous Dollar', symbol: 'A$' });
      try {
        expect(codesOf(await t.get('currencies', { token: viewer }))).toEqual(['AUD', 'EUR', 'USD']);
        expect(codesOf(await t.get('currencies?sort=-code', { token: viewer }))).toEqual(['USD', 'EUR', 'AUD']);
        expect(codesOf(await t.get('currencies?sort=name', { token: viewer }))).toEqual(['EUR', 'USD', 'AUD']);
        expect(codesOf(await t.get('currencies?sort=-name', { token: viewer }))).toEqual(['AUD', 'USD', 'EUR']);

        const second = await t.get('currencies?pageSize=2&page=2', { token: viewer });
        expect(codesOf(second)).toEqual(['USD']);
        expect(second.body.meta).toEqual({ page: 2, pageSize: 2, total: 3 });

        expect(codesOf(await t.get('currencies?q=us', { token: viewer }))).toEqual(['USD']);
        expect(codesOf(await t.get('currencies?q=zeal', { token: viewer }))).toEqual(['AUD']);
        expect(codesOf(await t.get('currencies?q=%25', { token: viewer }))).toEqual([]);

        const sort = await t.get('currencies?sort=symbol', { token: viewer });
        expectProblem(sort, 400, 'VALIDATION_FAILED');
        expect(errorFields(sort)).toEqual(['sort']);
      } finally {
        await currencies().delete({ code: 'AUD' });
      }
    });

    it('answers 401 to anonymous callers', async () => {
      expectProblem(await t.get('currencies'), 401, 'UNAUTHORIZED');
      expectProblem(await t.get('currencies/USD'), 401, 'UNAUTHORIZED');
    });
  });

  describe('GET currencies/{code}', () => {
    it('answers one currency, 404 for an unknown one and 400 naming code for a bad ISO code', async () => {
      const nobody = await (await given(t).staff({ permissions: [] })).token();

      const eur = await t.get('currencies/EUR', { token: nobody });
      expect(eur.status).toBe(200);
      expect(eur.body).toMatchObject({ code: 'EUR', name: 'Euro', isDefault: false });

      expectProblem(await t.get('currencies/JPY', { token: nobody }), 404, 'NOT_FOUND');

      for (const bad of ['usd', 'XYZ', 'EURO', 'US', '12A', 'U%24D']) {
        const res = await t.get(`currencies/${bad}`, { token: nobody });
        expectProblem(res, 400, 'VALIDATION_FAILED');
        expect(res.body.errors).toEqual([expect.objectContaining({ field: 'code', code: 'isISO4217CurrencyCode' })]);
      }
    });
  });

  describe('POST currencies', () => {
    it('creates a currency, keeping an empty thousands separator as none', async () => {
      const res = await t.post(
        'currencies',
        newCurrency({ code: 'CHF', name: ' Swiss Franc ', symbol: 'Fr.', thousandSeparator: '', placement: 'after' }),
        { token: editor },
      );

      expect(res.status).toBe(201);
      const expected = {
        code: 'CHF',
        name: 'Swiss Franc',
        symbol: 'Fr.',
        decimals: 2,
        decimalSeparator: '.',
        thousandSeparator: '',
        placement: 'after',
        isDefault: false,
        inUse: false,
      };
      expect(res.body).toEqual(expected);
      expect((await t.get('currencies/CHF', { token: viewer })).body).toEqual(expected);
      expect(await currencies().findOneBy({ code: 'CHF' })).toMatchObject({ thousandSeparator: '', defaultKey: null });
      await expectOnlyDefault('USD');
    });

    it('accepts every allowed separator and the bounds of decimals', async () => {
      const cases: Array<[string, Record<string, unknown>]> = [
        ['SEK', { decimals: 0, decimalSeparator: ',', thousandSeparator: ' ' }],
        ['CAD', { decimals: 4, decimalSeparator: '.', thousandSeparator: "'" }],
        ['NOK', { decimals: 3, decimalSeparator: ',', thousandSeparator: '.' }],
      ];
      for (const [code, fields] of cases) {
        const created = await createCurrency({ code, ...fields });
        expect(created).toMatchObject({ code, ...fields });
        expect(await currencies().findOneBy({ code })).toMatchObject(fields);
      }
    });

    it('answers 409 CURRENCY_EXISTS for a code that exists, changing nothing', async () => {
      const res = await t.post('currencies', newCurrency({ code: 'EUR', name: 'Other Euro' }), { token: editor });

      expectProblem(res, 409, 'CURRENCY_EXISTS');
      expect(await currencies().findOneBy({ code: 'EUR' })).toMatchObject({ name: 'Euro', symbol: '€' });
    });

    it('with isDefault makes the new currency the only default, in one go', async () => {
      const res = await t.post('currencies', newCurrency({ code: 'DKK', symbol: 'kr', isDefault: true }), {
        token: editor,
      });

      expect(res.status).toBe(201);
      expect(res.body.isDefault).toBe(true);
      await expectOnlyDefault('DKK');
      expect((await t.get('currencies/USD', { token: viewer })).body.isDefault).toBe(false);

      await makeDefault('USD');
      await expectOnlyDefault('USD');
    });

    it('keeps one of many creates racing for the same code; the others get CURRENCY_EXISTS', async () => {
      // Straight to the service: the HTTP layer's rate-limit bookkeeping would space the requests out.
      const service = t.app.get(CurrenciesService);
      for (const code of ['ZAR', 'INR', 'KRW']) {
        const outcomes = await Promise.allSettled(
          Array.from({ length: 6 }, (_, i) =>
            service.create(newCurrency({ code, name: `Racer ${i}` }) as CreateCurrencyDto),
          ),
        );

        expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
        const refusals = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []));
        expect(refusals.map((error) => (error as DomainError).code)).toEqual(Array(5).fill('CURRENCY_EXISTS'));
        expect(await currencies().countBy({ code })).toBe(1);
      }
      await expectOnlyDefault('USD');
    });

    it('rejects invalid bodies with 400 naming the field, storing nothing', async () => {
      const before = await currencies().count();
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ code: 'gbp' }, 'code'],
        [{ code: 'XYZ' }, 'code'],
        [{ code: 'GBPX' }, 'code'],
        [{ code: 826 }, 'code'],
        [{ code: null }, 'code'],
        [{ name: '' }, 'name'],
        [{ name: '   ' }, 'name'],
        [{ name: 'x'.repeat(101) }, 'name'],
        [{ name: 12 }, 'name'],
        [{ name: 'Pound\u0000Sterling' }, 'name'],
        [{ name: 'Pound\nSterling' }, 'name'],
        [{ symbol: '' }, 'symbol'],
        [{ symbol: 'x'.repeat(11) }, 'symbol'],
        [{ decimals: 5 }, 'decimals'],
        [{ decimals: -1 }, 'decimals'],
        [{ decimals: 2.5 }, 'decimals'],
        [{ decimals: '2' }, 'decimals'],
        [{ decimalSeparator: ' ' }, 'decimalSeparator'],
        [{ decimalSeparator: '' }, 'decimalSeparator'],
        [{ thousandSeparator: '_' }, 'thousandSeparator'],
        [{ thousandSeparator: '  ' }, 'thousandSeparator'],
        [{ thousandSeparator: null }, 'thousandSeparator'],
        [{ placement: 'left' }, 'placement'],
        [{ isDefault: 'yes' }, 'isDefault'],
        [{ isDefault: null }, 'isDefault'],
        [{ rate: '1.5' }, 'rate'],
      ];
      for (const [override, field] of cases) {
        const res = await t.post('currencies', newCurrency(override), { token: editor });
        expectProblem(res, 400, 'VALIDATION_FAILED');
        expect(errorFields(res)).toEqual([field]);
      }

      const empty = await t.post('currencies', {}, { token: editor });
      expectProblem(empty, 400, 'VALIDATION_FAILED');
      expect(errorFields(empty)).toEqual([
        'code',
        'decimalSeparator',
        'decimals',
        'name',
        'placement',
        'symbol',
        'thousandSeparator',
      ]);

      const malformed = await t.request('POST', 'currencies', { rawBody: '{"code": "GBP",', token: editor });
      expectProblem(malformed, 400, 'MALFORMED_JSON');

      expect(await currencies().count()).toBe(before);
      expect(await currencies().existsBy({ code: 'GBP' })).toBe(false);
    });

    it('needs settings.edit: 403 with settings.view only, 401 anonymous, storing nothing', async () => {
      expectProblem(await t.post('currencies', newCurrency(), { token: viewer }), 403, 'FORBIDDEN');
      expectProblem(await t.post('currencies', newCurrency()), 401, 'UNAUTHORIZED');
      expect(await currencies().existsBy({ code: 'GBP' })).toBe(false);
    });
  });

  describe('PATCH currencies/{code}', () => {
    beforeAll(async () => {
      await given(t).currency({ code: 'PLN', name: 'Zloty', symbol: 'zł', placement: 'after' });
    });

    it('updates the fields sent and keeps the others', async () => {
      const res = await patch('currencies/PLN', { name: 'Polish Zloty', decimals: 3, thousandSeparator: '' });

      expect(res.status).toBe(200);
      const expected = {
        code: 'PLN',
        name: 'Polish Zloty',
        symbol: 'zł',
        decimals: 3,
        decimalSeparator: '.',
        thousandSeparator: '',
        placement: 'after',
        isDefault: false,
        inUse: false,
      };
      expect(res.body).toEqual(expected);
      expect((await t.get('currencies/PLN', { token: viewer })).body).toEqual(expected);
    });

    it('switches the default with isDefault: true, leaving exactly one', async () => {
      const res = await patch('currencies/EUR', { isDefault: true });

      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ code: 'EUR', isDefault: true, name: 'Euro' });
      await expectOnlyDefault('EUR');

      const again = await patch('currencies/EUR', { isDefault: true, symbol: 'EUR' });
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ isDefault: true, symbol: 'EUR' });
      await expectOnlyDefault('EUR');

      await makeDefault('USD');
      await expectOnlyDefault('USD');
      await patch('currencies/EUR', { symbol: '€' });
    });

    it('answers 409 CURRENCY_DEFAULT_REQUIRED to isDefault: false on the default, changing nothing', async () => {
      const res = await patch('currencies/USD', { isDefault: false, name: 'Renamed Dollar' });

      expectProblem(res, 409, 'CURRENCY_DEFAULT_REQUIRED');
      await expectOnlyDefault('USD');
      expect(await currencies().findOneBy({ code: 'USD' })).toMatchObject({ name: 'US Dollar' });

      const other = await patch('currencies/PLN', { isDefault: false });
      expect(other.status).toBe(200);
      expect(other.body.isDefault).toBe(false);
      await expectOnlyDefault('USD');
    });

    it('keeps exactly one default when many switches race', async () => {
      const codes = ['EUR', 'PLN', 'CHF', 'SEK', 'CAD', 'NOK', 'DKK', 'USD'];
      for (const code of codes) {
        if (!(await currencies().existsBy({ code }))) await given(t).currency({ code });
      }

      const answers = await Promise.all(codes.map((code) => patch(`currencies/${code}`, { isDefault: true })));

      expect(answers.map((res) => res.status)).toEqual(codes.map(() => 200));
      const { listed, flagged, keyed } = await defaults();
      expect(listed).toHaveLength(1);
      expect(flagged).toEqual(listed);
      expect(keyed).toEqual(listed);

      await makeDefault('USD');
      await expectOnlyDefault('USD');
    });

    it('rejects the code, nulls, bad values and unknown properties with 400, changing nothing', async () => {
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ code: 'PLZ' }, 'code'],
        [{ name: null }, 'name'],
        [{ name: '' }, 'name'],
        [{ symbol: 'x'.repeat(11) }, 'symbol'],
        [{ decimals: 9 }, 'decimals'],
        [{ decimals: null }, 'decimals'],
        [{ thousandSeparator: '-' }, 'thousandSeparator'],
        [{ placement: null }, 'placement'],
        [{ isDefault: null }, 'isDefault'],
        [{ isDefault: 'true' }, 'isDefault'],
      ];
      const before = await currencies().findOneBy({ code: 'PLN' });
      for (const [body, field] of cases) {
        const res = await patch('currencies/PLN', body);
        expectProblem(res, 400, 'VALIDATION_FAILED');
        expect(errorFields(res)).toEqual([field]);
      }
      expect(await currencies().findOneBy({ code: 'PLN' })).toEqual(before);
    });

    it('answers 404 for an unknown currency and 400 for a bad code', async () => {
      expectProblem(await patch('currencies/JPY', { name: 'Yen' }), 404, 'NOT_FOUND');
      const bad = await patch('currencies/pln', { name: 'Yen' });
      expectProblem(bad, 400, 'VALIDATION_FAILED');
      expect(errorFields(bad)).toEqual(['code']);
      expect(await currencies().existsBy({ code: 'JPY' })).toBe(false);
    });

    it('needs settings.edit', async () => {
      expectProblem(await patch('currencies/EUR', { isDefault: true }, viewer), 403, 'FORBIDDEN');
      expectProblem(await t.request('PATCH', 'currencies/EUR', { body: { isDefault: true } }), 401, 'UNAUTHORIZED');
      await expectOnlyDefault('USD');
    });
  });

  describe('DELETE currencies/{code}', () => {
    it('deletes an unused currency and its rates: 204, then 404', async () => {
      await given(t).currency({ code: 'HUF', decimals: 0 });
      expect(
        (await t.post('currencies/HUF/rates', { rate: '0.0027', date: '2026-01-02' }, { token: editor })).status,
      ).toBe(201);
      expect(await rates().countBy({ currencyCode: 'HUF' })).toBe(1);

      const res = await del('currencies/HUF');

      expect(res.status).toBe(204);
      expect(res.text).toBe('');
      expectProblem(await t.get('currencies/HUF', { token: viewer }), 404, 'NOT_FOUND');
      expect(await rates().countBy({ currencyCode: 'HUF' })).toBe(0);
      expectProblem(await del('currencies/HUF'), 404, 'NOT_FOUND');
    });

    it('answers 409 CURRENCY_IS_DEFAULT for the default currency', async () => {
      expectProblem(await del('currencies/USD'), 409, 'CURRENCY_IS_DEFAULT');
      await expectOnlyDefault('USD');
    });

    it('answers 409 CURRENCY_IN_USE while a customer uses it, and deletes it once none does', async () => {
      await given(t).currency({ code: 'MXN', symbol: '$' });
      const customerId = await customerUsing('MXN');

      const res = await del('currencies/MXN');

      expectProblem(res, 409, 'CURRENCY_IN_USE');
      expect(await currencies().existsBy({ code: 'MXN' })).toBe(true);
      expect(await t.dataSource.getRepository(Customer).findOneBy({ id: customerId })).toMatchObject({
        currency: 'MXN',
      });

      await t.dataSource.getRepository(Customer).update({ id: customerId }, { currency: null });
      expect((await del('currencies/MXN')).status).toBe(204);
      expect(await currencies().existsBy({ code: 'MXN' })).toBe(false);
    });

    it('recognises the foreign key refusal of this database engine as "in use"', async () => {
      await given(t).currency({ code: 'BRL', symbol: 'R$' });
      await customerUsing('BRL');

      const refusal = await currencies()
        .delete({ code: 'BRL' })
        .then(
          () => undefined,
          (error: unknown) => error,
        );

      expect(refusal).toBeDefined();
      expect(isForeignKeyViolation(refusal)).toBe(true);
      expect(await currencies().existsBy({ code: 'BRL' })).toBe(true);
    });

    it('needs settings.edit and answers 400 for a bad code', async () => {
      expectProblem(await del('currencies/EUR', viewer), 403, 'FORBIDDEN');
      expectProblem(await t.request('DELETE', 'currencies/EUR'), 401, 'UNAUTHORIZED');
      expect(await currencies().existsBy({ code: 'EUR' })).toBe(true);
      const bad = await del('currencies/eur');
      expectProblem(bad, 400, 'VALIDATION_FAILED');
      expect(errorFields(bad)).toEqual(['code']);
    });
  });

  describe('exchange rates', () => {
    const postRate = (code: string, body: unknown, token = editor) =>
      t.post(`currencies/${code}/rates`, body, { token });

    it('records a rate and answers the stored rate', async () => {
      const res = await postRate('EUR', { rate: '1.0850', date: '2026-01-15' });

      expect(res.status).toBe(201);
      expect(res.body).toEqual({ currency: 'EUR', rate: '1.0850', date: '2026-01-15' });
      expect(await rates().findOneBy({ currencyCode: 'EUR', date: '2026-01-15' })).toMatchObject({ rate: '1.0850' });
    });

    it('replaces the rate of a date sent again (201 again, one row)', async () => {
      await postRate('EUR', { rate: '1.0800', date: '2026-01-20' });

      const res = await postRate('EUR', { rate: '1.0912', date: '2026-01-20' });

      expect(res.status).toBe(201);
      expect(res.body).toEqual({ currency: 'EUR', rate: '1.0912', date: '2026-01-20' });
      const stored = await rates().findBy({ currencyCode: 'EUR', date: '2026-01-20' });
      expect(stored.map((r) => r.rate)).toEqual(['1.0912']);
    });

    it('lets racing requests for the same date all succeed, leaving one of their rates', async () => {
      const service = t.app.get(CurrenciesService);
      for (const date of ['2025-06-01', '2025-06-02', '2025-06-03']) {
        const sent = ['1.01', '1.02', '1.03', '1.04', '1.05', '1.06'];
        const answers = await Promise.all(sent.map((rate) => service.setRate('CHF', { rate, date })));

        expect(answers.map((answer) => answer.rate)).toEqual(sent);
        const stored = await rates().findBy({ currencyCode: 'CHF', date });
        expect(stored).toHaveLength(1);
        expect(sent).toContain(stored[0].rate);
      }
    });

    it('lists rates newest first, paged', async () => {
      await postRate('EUR', { rate: '1.07', date: '2025-12-31' });
      await postRate('EUR', { rate: '1.1', date: '2026-02-01' });
      const nobody = await (await given(t).staff({ permissions: [] })).token();

      const res = await t.get('currencies/EUR/rates', { token: nobody });

      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        data: [
          { currency: 'EUR', rate: '1.1', date: '2026-02-01' },
          { currency: 'EUR', rate: '1.0912', date: '2026-01-20' },
          { currency: 'EUR', rate: '1.0850', date: '2026-01-15' },
          { currency: 'EUR', rate: '1.07', date: '2025-12-31' },
        ],
        meta: { page: 1, pageSize: 25, total: 4 },
      });

      const second = await t.get('currencies/EUR/rates?pageSize=3&page=2', { token: nobody });
      expect(second.body).toEqual({
        data: [{ currency: 'EUR', rate: '1.07', date: '2025-12-31' }],
        meta: { page: 2, pageSize: 3, total: 4 },
      });

      const oldest = await t.get('currencies/EUR/rates?sort=date&pageSize=1', { token: nobody });
      expect(oldest.body.data).toEqual([{ currency: 'EUR', rate: '1.07', date: '2025-12-31' }]);

      expect((await t.get('currencies/PLN/rates', { token: nobody })).body).toEqual({
        data: [],
        meta: { page: 1, pageSize: 25, total: 0 },
      });

      const unknownQuery = await t.get('currencies/EUR/rates?q=1', { token: nobody });
      expectProblem(unknownQuery, 400, 'VALIDATION_FAILED');
      expect(errorFields(unknownQuery)).toEqual(['q']);
      const sort = await t.get('currencies/EUR/rates?sort=rate', { token: nobody });
      expectProblem(sort, 400, 'VALIDATION_FAILED');
      expect(errorFields(sort)).toEqual(['sort']);
    });

    it('accepts the largest rate and the smallest step', async () => {
      expect((await postRate('PLN', { rate: '999999999999.99999999', date: '2026-03-01' })).body.rate).toBe(
        '999999999999.99999999',
      );
      expect((await postRate('PLN', { rate: '0.00000001', date: '2026-03-02' })).body.rate).toBe('0.00000001');
      expect((await postRate('PLN', { rate: '4', date: '2024-02-29' })).status).toBe(201);
      expect(await rates().countBy({ currencyCode: 'PLN' })).toBe(3);
    });

    it('refuses rates for the default currency: 409 CURRENCY_IS_DEFAULT, storing nothing', async () => {
      const res = await postRate('USD', { rate: '1', date: '2026-01-15' });

      expectProblem(res, 409, 'CURRENCY_IS_DEFAULT');
      expect(await rates().countBy({ currencyCode: 'USD' })).toBe(0);
    });

    it('answers 404 for an unknown currency and 400 for a bad code', async () => {
      expectProblem(await postRate('JPY', { rate: '0.0064', date: '2026-01-15' }), 404, 'NOT_FOUND');
      expectProblem(await t.get('currencies/JPY/rates', { token: viewer }), 404, 'NOT_FOUND');
      const bad = await postRate('jpy', { rate: '0.0064', date: '2026-01-15' });
      expectProblem(bad, 400, 'VALIDATION_FAILED');
      expect(errorFields(bad)).toEqual(['code']);
      expect(await rates().countBy({ currencyCode: 'JPY' })).toBe(0);
    });

    it('rejects bad rates and dates with 400 naming the field, storing nothing', async () => {
      const before = await rates().count();
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ rate: '0' }, 'rate'],
        [{ rate: '0.00000000' }, 'rate'],
        [{ rate: '-1' }, 'rate'],
        [{ rate: '1e5' }, 'rate'],
        [{ rate: '1.123456789' }, 'rate'],
        [{ rate: '1234567890123' }, 'rate'],
        [{ rate: '01.5' }, 'rate'],
        [{ rate: '1,5' }, 'rate'],
        [{ rate: ' 1.5' }, 'rate'],
        [{ rate: '1.' }, 'rate'],
        [{ rate: '' }, 'rate'],
        [{ rate: 1.5 }, 'rate'],
        [{ rate: null }, 'rate'],
        [{ date: '2026-02-30' }, 'date'],
        [{ date: '2026-02-29' }, 'date'],
        [{ date: '2026-13-01' }, 'date'],
        [{ date: '2026-1-5' }, 'date'],
        [{ date: '26-01-05' }, 'date'],
        [{ date: '2026-01-05T00:00:00Z' }, 'date'],
        [{ date: '0999-01-01' }, 'date'],
        [{ date: 20260105 }, 'date'],
        [{ currency: 'EUR' }, 'currency'],
      ];
      for (const [override, field] of cases) {
        const res = await postRate('EUR', { rate: '1.2', date: '2026-04-01', ...override });
        expectProblem(res, 400, 'VALIDATION_FAILED');
        expect(errorFields(res)).toEqual([field]);
      }
      const empty = await postRate('EUR', {});
      expect(errorFields(empty)).toEqual(['date', 'rate']);

      expect(await rates().count()).toBe(before);
      expect(await rates().existsBy({ currencyCode: 'EUR', date: '2026-04-01' })).toBe(false);
    });

    it('needs settings.edit to record and a sign-in to read', async () => {
      expectProblem(await postRate('EUR', { rate: '1.2', date: '2026-05-01' }, viewer), 403, 'FORBIDDEN');
      expectProblem(await t.post('currencies/EUR/rates', { rate: '1.2', date: '2026-05-01' }), 401, 'UNAUTHORIZED');
      expectProblem(await t.get('currencies/EUR/rates'), 401, 'UNAUTHORIZED');
      expect(await rates().existsBy({ currencyCode: 'EUR', date: '2026-05-01' })).toBe(false);
    });
  });
});
