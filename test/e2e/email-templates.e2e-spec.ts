import { EmailTemplateTranslation } from '../../src/email-templates/email-template.entity';
import { given, startAsAdmin } from '../factories/given';
import { TestSmtpServer, eventually, freePort } from '../helpers/smtp';
import { TestApp } from '../helpers/test-app';

const FAST_WORKER = { MAIL_POLL_INTERVAL_MS: '25', MAIL_RETRY_BASE_MS: '50' };
const GERMAN = {
  subject: 'Ihr Zugang bei {{companyName}}, {{firstName}}',
  body: 'Guten Tag {{firstName}} {{lastName}},\n\n{{customerCompany}} ist jetzt bei uns.\n\n{{companyName}}\n',
};

const statusOf = async (t: TestApp, customerId: string) => {
  const rows: Array<{ status: string; last_error: string | null }> = await t.dataSource.query(
    'SELECT status, last_error FROM email_outbox WHERE customer_id = ?',
    [customerId],
  );
  return rows;
};

describe('email templates', () => {
  let t: TestApp;
  let smtp: TestSmtpServer;
  let token: string;
  let viewer: string;

  beforeAll(async () => {
    smtp = new TestSmtpServer(await freePort());
    await smtp.start();
    ({ t, admin: token } = await startAsAdmin({ ...FAST_WORKER, SMTP_URL: smtp.url }));
    viewer = await (await given(t).staff({ permissions: ['email_templates.view'] })).token();
    await t.request('PATCH', 'settings', { body: { company: { name: 'Nordlicht AG' } }, token });
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  const customer = (email: string, language: string | null) =>
    t.post(
      'customers',
      {
        company: `Templates ${email}`,
        language,
        primaryContact: { firstName: 'Jonas', lastName: 'Keller', email, password: 'a-long-enough-password' },
      },
      { token },
    );

  it('lists every template, on, at version 1, with its default text in every language', async () => {
    const list = await t.get('email-templates', { token: viewer });
    expect(list.status).toBe(200);
    expect(list.body.data.map((d: { name: string }) => d.name)).toEqual([
      'welcome',
      'set_password',
      'forgot_password',
      'password_changed',
      'registration_received',
      'registration_confirmed',
      'registration_attempt',
      'document_sent',
      'statement_sent',
      'estimate_accepted',
      'estimate_declined',
    ]);
    expect(list.body.meta).toEqual({ page: 1, pageSize: 25, total: 11 });
    for (const name of ['estimate_accepted', 'estimate_declined']) {
      const answered = await t.get(`email-templates/${name}`, { token: viewer });
      expect(answered.status).toBe(200);
      expect(answered.body.languages.map((l: { language: string }) => l.language)).toEqual(['en', 'de', 'fr', 'es']);
      expect(answered.body.languages.every((l: { subject: string }) => l.subject.includes('{{estimateNumber}}'))).toBe(
        true,
      );
    }
    expect(list.body.data.every((d: any) => d.enabled && d.version === 1 && d.customisedLanguages.length === 0)).toBe(
      true,
    );

    const welcome = await t.get('email-templates/welcome', { token: viewer });
    expect(welcome.status).toBe(200);
    expect(welcome.headers.get('etag')).toBe('"1"');
    expect(welcome.body.variables).toEqual(expect.arrayContaining(['firstName', 'setPasswordUrl', 'companyName']));
    expect(welcome.body.languages.map((l: { language: string }) => l.language)).toEqual(['en', 'de', 'fr', 'es']);
    const de = welcome.body.languages.find((l: { language: string }) => l.language === 'de');
    expect(de).toMatchObject({ customised: false, updatedBy: null });
    expect(de.subject).toContain('{{companyName}}');
    expect(de.body).toContain('Hallo');

    expect((await t.get('email-templates/no_such_template', { token })).status).toBe(404);
    expect((await t.get('email-templates/welcome', {})).status).toBe(401);
  });

  it('sends the German text staff saved to a German customer, and the default to others', async () => {
    const saved = await t.request('PUT', 'email-templates/welcome/languages/de', { body: GERMAN, token });
    expect(saved.status).toBe(200);
    expect(saved.headers.get('etag')).toBe('"2"');
    expect(saved.body.languages.find((l: any) => l.language === 'de')).toMatchObject({ ...GERMAN, customised: true });

    expect((await customer('jonas@keller.example', 'de')).status).toBe(201);
    expect((await customer('june@keller.example', 'en')).status).toBe(201);
    const german = await eventually(() => smtp.received.find((m) => m.to.includes('jonas@keller.example')));
    expect(german.subject).toBe('Ihr Zugang bei Nordlicht AG, Jonas');
    expect(german.text).toBe(
      'Guten Tag Jonas Keller,\n\nTemplates jonas@keller.example ist jetzt bei uns.\n\nNordlicht AG\n',
    );
    const english = await eventually(() => smtp.received.find((m) => m.to.includes('june@keller.example')));
    expect(english.subject).toBe('Welcome to Nordlicht AG, Jonas');

    const list = await t.get('email-templates', { token });
    expect(list.body.data[0]).toMatchObject({ name: 'welcome', version: 2, customisedLanguages: ['de'] });
  });

  it('refuses a template that does not render, naming the part, and changes nothing', async () => {
    const before = await t.get('email-templates/set_password', { token });
    const cases: Array<[Record<string, string>, string]> = [
      [{ subject: 'Hi', body: '{{#if portalUrl}}never closed' }, 'body'],
      [{ subject: 'Hi {{fristName}}', body: 'Hello' }, 'subject'],
      [{ subject: 'Hi', body: '{{shout firstName}}' }, 'body'],
      [{ subject: 'Hi', body: '{{> footer}}' }, 'body'],
      [{ subject: 'Hi {{', body: 'Hello' }, 'subject'],
    ];
    for (const [body, field] of cases) {
      const res = await t.request('PUT', 'email-templates/set_password/languages/fr', { body, token });
      expect(`${JSON.stringify(body)}: ${res.status}`).toBe(`${JSON.stringify(body)}: 400`);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body.errors).toEqual([expect.objectContaining({ field, code: 'templateInvalid' })]);
    }
    const missing = await t.request('PUT', 'email-templates/set_password/languages/fr', {
      body: { subject: 'Hi' },
      token,
    });
    expect(missing.status).toBe(400);
    expect(missing.body.errors.map((e: { field: string }) => e.field)).toEqual(['body']);
    expect((await t.request('PUT', 'email-templates/set_password/languages/xx', { body: GERMAN, token })).status).toBe(
      404,
    );
    expect((await t.get('email-templates/set_password', { token })).body).toEqual(before.body);
  });

  it('refuses a template that calls log (it writes to the server console), naming the part', async () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{ subject: 'Hi', body: '{{log "written to the server log" level="error"}}' }, 'body'],
      [{ subject: 'Hi {{log firstName}}', body: 'Hello' }, 'subject'],
      [{ subject: 'Hi', body: '{{#log "x"}}Hello{{/log}}' }, 'body'],
      [{ subject: 'Hi', body: '{{#with (log "x")}}Hello{{/with}}' }, 'body'],
    ];
    for (const [body, field] of cases) {
      const res = await t.request('PUT', 'email-templates/set_password/languages/es', { body, token });
      expect(`${JSON.stringify(body)}: ${res.status}`).toBe(`${JSON.stringify(body)}: 400`);
      expect(res.body.errors).toEqual([expect.objectContaining({ field, code: 'templateInvalid' })]);
    }
    const preview = await t.post('email-templates/welcome/preview', { body: '{{log "x"}}' }, { token });
    expect(preview.status).toBe(400);
    expect((await t.get('email-templates/set_password', { token })).body.version).toBe(1);
  });

  it('never runs a saved text that calls log: its email fails, and nothing reaches the console', async () => {
    // As an earlier version, which did not check for it, would have saved it.
    await t.dataSource.getRepository(EmailTemplateTranslation).insert({
      template: 'welcome',
      language: 'es',
      subject: 'Hola {{firstName}}',
      body: '{{log "LEAKED-TO-CONSOLE" level="error"}}Hola\n',
      updatedAt: new Date(),
      updatedBy: null,
    });
    const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
    const spies = methods.map((method) => jest.spyOn(console, method));
    try {
      const created = await customer('lucia@keller.example', 'es');
      expect(created.status).toBe(201);
      const rows = await eventually(async () => {
        const found = await statusOf(t, created.body.id);
        return found[0]?.status === 'failed' ? found : undefined;
      });
      expect(rows[0].last_error).toMatch(/unknown helper log/);
      const leaked = spies.flatMap((spy) => spy.mock.calls).filter((call) => call.join(' ').includes('LEAKED'));
      expect(leaked).toEqual([]);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    expect(smtp.received.some((m) => m.to.includes('lucia@keller.example'))).toBe(false);
  });

  it('answers 412 to a stale If-Match, and goes back to the default text', async () => {
    const current = await t.get('email-templates/password_changed', { token });
    const version = current.body.version;
    const stale = await t.request('PUT', 'email-templates/password_changed/languages/en', {
      body: { subject: 'Changed', body: 'Your password changed at {{changedAt}}.\n' },
      token,
      headers: { 'if-match': `"${version + 5}"` },
    });
    expect(stale.status).toBe(412);
    expect(stale.body.currentVersion).toBe(version);

    const saved = await t.request('PUT', 'email-templates/password_changed/languages/en', {
      body: { subject: 'Changed', body: 'Your password changed at {{changedAt}}.\n' },
      token,
      headers: { 'if-match': `"${version}"` },
    });
    expect(saved.status).toBe(200);
    const reset = await t.request('DELETE', 'email-templates/password_changed/languages/en', { token });
    expect(reset.status).toBe(204);
    const after = await t.get('email-templates/password_changed', { token });
    expect(after.body.version).toBe(version + 2);
    expect(after.body.languages.find((l: any) => l.language === 'en')).toMatchObject({
      customised: false,
      subject: current.body.languages.find((l: any) => l.language === 'en').subject,
    });
  });

  it('previews the saved text, or a draft, with example values and saves nothing', async () => {
    const saved = await t.post('email-templates/welcome/preview', { language: 'de' }, { token: viewer });
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual({
      language: 'de',
      subject: 'Ihr Zugang bei Nordlicht AG, Maria',
      text: 'Guten Tag Maria Weber,\n\nWeber Logistik GmbH ist jetzt bei uns.\n\nNordlicht AG\n',
    });
    const draft = await t.post(
      'email-templates/document_sent/preview',
      { language: 'fr', subject: 'Document {{documentNumber}}', body: 'Total : {{documentTotal}}\n' },
      { token: viewer },
    );
    expect(draft.status).toBe(200);
    expect(draft.body).toEqual({ language: 'fr', subject: 'Document INV-000042', text: 'Total : 1,250.00 EUR\n' });
    const broken = await t.post('email-templates/document_sent/preview', { body: '{{#each}}' }, { token: viewer });
    expect(broken.status).toBe(400);
    const template = await t.get('email-templates/document_sent', { token });
    expect(template.body.version).toBe(1);
    expect(template.body.languages.every((l: any) => !l.customised)).toBe(true);
    // Viewing is not editing.
    expect(
      (await t.request('PATCH', 'email-templates/welcome', { body: { enabled: false }, token: viewer })).status,
    ).toBe(403);
  });

  it('sends nothing for a template switched off: its emails are cancelled; on again, they go', async () => {
    const off = await t.request('PATCH', 'email-templates/welcome', { body: { enabled: false }, token });
    expect(off.status).toBe(200);
    expect(off.body.enabled).toBe(false);

    const quiet = await customer('quiet@keller.example', 'de');
    expect(quiet.status).toBe(201);
    const rows = await eventually(async () => {
      const found = await statusOf(t, quiet.body.id);
      return found[0]?.status === 'cancelled' ? found : undefined;
    });
    expect(rows).toEqual([{ status: 'cancelled', last_error: 'template disabled' }]);

    const on = await t.request('PATCH', 'email-templates/welcome', { body: { enabled: true }, token });
    expect(on.status).toBe(200);
    const loud = await customer('loud@keller.example', 'de');
    await eventually(() => smtp.received.find((m) => m.to.includes('loud@keller.example')));
    expect(smtp.received.some((m) => m.to.includes('quiet@keller.example'))).toBe(false);
    const sent = await eventually(async () => {
      const found = await statusOf(t, loud.body.id);
      return found[0]?.status === 'sent' ? found : undefined;
    });
    expect(sent).toEqual([{ status: 'sent', last_error: null }]);
  });
});
