import { given } from '../factories/given';
import { ProbeModule } from '../helpers/probe.module';
import { TestApp, startTestApp } from '../helpers/test-app';
import { onMysql } from '../helpers/test-database';
import { expectProblem } from '../helpers/problems';

describe('platform: health, problem details, validation, translation', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ BODY_LIMIT_BYTES: '4096' }, { extraImports: [ProbeModule] });
  });
  afterAll(() => t.close());

  it('answers health with the database engine and a request id', async () => {
    const res = await t.get('health', { headers: { 'x-request-id': 'probe-123' } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', database: 'up', engine: onMysql() ? 'mysql' : 'sqlite' });
    expect(res.headers.get('x-request-id')).toBe('probe-123');
  });

  it('answers an unknown route with a 404 problem', async () => {
    const res = await t.get('no-such-thing');
    expectProblem(res, 404, 'NOT_FOUND');
    expect(res.body.instance).toBe('/api/v1/no-such-thing');
    expect(res.body.requestId).toBe(res.headers.get('x-request-id'));
  });

  it('answers malformed JSON with 400 MALFORMED_JSON and an empty list of field errors', async () => {
    const res = await t.request('POST', '_probe/echo', { rawBody: '{"company": "Acme",' });
    expectProblem(res, 400, 'MALFORMED_JSON');
    expect(res.body.errors).toEqual([]);
  });

  it('answers a body that is not a JSON object with 400 BODY_NOT_OBJECT', async () => {
    for (const rawBody of ['null', '[]', '[{"company":"Acme"}]', '"Acme"', '12', 'true']) {
      const res = await t.request('POST', '_probe/echo', { rawBody });
      expectProblem(res, 400, 'BODY_NOT_OBJECT');
      expect(res.body.errors).toEqual([]);
    }
  });

  it('answers a body nested deeper than 32 levels with 400 BODY_TOO_DEEP, unknown members included', async () => {
    const deep = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
    expectProblem(await t.request('POST', '_probe/echo', { rawBody: deep(40) }), 400, 'BODY_TOO_DEEP');
    const unknown = await t.request('POST', '_probe/echo', { rawBody: `{"company":"Acme","x":${deep(600)}}` });
    expectProblem(unknown, 400, 'BODY_TOO_DEEP');
    expect((await t.request('POST', '_probe/echo', { rawBody: `{"company":"Acme","x":${deep(5)}}` })).status).toBe(400);
  });

  it('answers a path parameter of any length with problem details, never the bare 414 of the router', async () => {
    const res = await t.get(`customer-groups/${'x'.repeat(2000)}`, { token: await (await given(t).admin()).token() });
    expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['id']);
  });

  it('answers an empty JSON body with 400 MALFORMED_JSON', async () => {
    const res = await t.request('POST', '_probe/echo', {
      rawBody: '',
      headers: { 'content-type': 'application/json' },
    });
    expectProblem(res, 400, 'MALFORMED_JSON');
  });

  it('answers an oversize body with 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await t.post('_probe/echo', { company: 'x'.repeat(10_000) });
    expectProblem(res, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('answers an unsupported content type with 415', async () => {
    const res = await t.request('POST', '_probe/echo', {
      rawBody: 'company=Acme',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expectProblem(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('lists every failing field, nested ones by path', async () => {
    const res = await t.post('_probe/echo', {
      company: 'x'.repeat(21),
      email: 'not-an-email',
      count: 0,
      address: { city: 'Springfield-upon-Thames', country: 'XX' },
      tags: ['a', 'b', 'c'],
    });
    expectProblem(res, 400, 'VALIDATION_FAILED');
    const fields = res.body.errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`).sort();
    expect(fields).toEqual([
      'address.city:maxLength',
      'address.country:isISO31661Alpha2',
      'company:maxLength',
      'count:min',
      'email:isEmail',
      'tags:arrayMaxSize',
    ]);
    const maxLength = res.body.errors.find((e: { field: string }) => e.field === 'company');
    expect(maxLength.message).toBe('company must be at most 20 characters long');
  });

  it('rejects unknown properties instead of dropping them', async () => {
    const res = await t.post('_probe/echo', { company: 'Acme', isAdmin: true });
    expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'isAdmin', code: 'unknownProperty' })]);
  });

  it('does not coerce types in bodies', async () => {
    const res = await t.post('_probe/echo', { company: 12, count: '5' });
    expectProblem(res, 400, 'VALIDATION_FAILED');
    const codes = res.body.errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`);
    expect(codes).toEqual(expect.arrayContaining(['company:isString', 'count:isInt']));
  });

  it('accepts a valid body', async () => {
    const res = await t.post('_probe/echo', { company: 'Acme', count: 3, address: { city: 'Bern', country: 'CH' } });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ company: 'Acme', count: 3, address: { city: 'Bern', country: 'CH' } });
  });

  it('hides internal errors behind a 500 problem with the request id', async () => {
    const res = await t.get('_probe/boom');
    expectProblem(res, 500, 'INTERNAL_ERROR');
    expect(res.text).not.toContain('secret internal detail');
    expect(res.body.requestId).toBeTruthy();
  });

  describe('translation by Accept-Language', () => {
    it('translates problem details into German', async () => {
      const res = await t.get('no-such-thing', { headers: { 'accept-language': 'de-CH, de;q=0.9, en;q=0.5' } });
      expect(res.body.title).toBe('Nicht gefunden');
      expect(res.body.detail).toBe('Die angeforderte Ressource wurde nicht gefunden.');
      expect(res.headers.get('content-language')).toBe('de');
    });

    it('translates validation messages into German, with the rule values', async () => {
      const res = await t.post('_probe/echo', { company: 'x'.repeat(21) }, { headers: { 'accept-language': 'de' } });
      expect(res.body.errors[0].message).toBe('company darf höchstens 20 Zeichen lang sein');
      expect(res.body.detail).toContain('1 Feldfehler');
    });

    it('translates into French and Spanish', async () => {
      const fr = await t.request('POST', '_probe/echo', { rawBody: '{', headers: { 'accept-language': 'fr' } });
      expect(fr.body.detail).toBe("Le corps de la requête n'est pas un JSON valide.");
      const es = await t.get('no-such-thing', { headers: { 'accept-language': 'es' } });
      expect(es.body.title).toBe('No encontrado');
    });

    it('falls back to the default language for unsupported ones', async () => {
      const res = await t.get('no-such-thing', { headers: { 'accept-language': 'ja, zh;q=0.8' } });
      expect(res.body.title).toBe('Not Found');
      expect(res.headers.get('content-language')).toBe('en');
    });
  });

  describe('configured default language', () => {
    let german: TestApp;
    beforeAll(async () => {
      german = await startTestApp({ DEFAULT_LANGUAGE: 'de' });
    });
    afterAll(() => german.close());

    it('answers in DEFAULT_LANGUAGE when the caller states none', async () => {
      const res = await german.get('no-such-thing');
      expect(res.body.title).toBe('Nicht gefunden');
    });
  });
});
