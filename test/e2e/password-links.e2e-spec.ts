import { createHash, randomUUID } from 'node:crypto';
import { IsNull } from 'typeorm';
import { TransactionalConnection } from '@app/database';
import { Contact } from '../../src/contacts/contact.entity';
import { OutboxEmail } from '../../src/mail/outbox-email.entity';
import { OneTimeLink } from '../../src/one-time-links/one-time-link.entity';
import { OneTimeLinks } from '../../src/one-time-links/one-time-links.service';
import { given, startAsAdmin } from '../factories/given';
import { logStatements } from '../helpers/statements';
import { TestSmtpServer, eventually, freePort } from '../helpers/smtp';
import { TestApp } from '../helpers/test-app';

const FAST_WORKER = { MAIL_POLL_INTERVAL_MS: '25', MAIL_RETRY_BASE_MS: '50' };
const LINK = /https:\/\/portal\.example\.test\/set-password\?token=([A-Za-z0-9_-]{43})\b/;

describe('set-password links', () => {
  let t: TestApp;
  let smtp: TestSmtpServer;
  let token: string;

  beforeAll(async () => {
    smtp = new TestSmtpServer(await freePort());
    await smtp.start();
    ({ t, admin: token } = await startAsAdmin({ ...FAST_WORKER, SMTP_URL: smtp.url }));
    await t.request('PATCH', 'settings', { body: { portalUrl: 'https://portal.example.test/' }, token });
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  const create = async (email: string, password?: string) => {
    const res = await t.post(
      'customers',
      {
        company: `Links ${email}`,
        language: 'fr',
        primaryContact: { firstName: 'Léa', lastName: 'Moreau', email, ...(password ? { password } : {}) },
      },
      { token },
    );
    expect(res.status).toBe(201);
    return res.body as { id: string; primaryContact: { id: string } };
  };
  const emailsTo = (address: string, count = 1) =>
    eventually(() => {
      const found = smtp.received.filter((m) => m.to.includes(address));
      return found.length >= count ? found : undefined;
    });
  const linkIn = (text: string) => {
    const match = LINK.exec(text);
    if (!match) throw new Error(`no set-password link in: ${text}`);
    return match[1];
  };
  const lifetimeHours = async (linkToken: string) => {
    const link = await t.dataSource
      .getRepository(OneTimeLink)
      .findOneByOrFail({ tokenHash: createHash('sha256').update(linkToken).digest('hex') });
    return (link.expiresAt.getTime() - link.createdAt.getTime()) / 3600_000;
  };
  const reset = (linkToken: string, password = 'a-brand-new-password') =>
    t.post('portal/auth/reset-password', { token: linkToken, password });

  it('puts a one-time link in the welcome email of a contact without a password; it works once', async () => {
    const customer = await create('lea@moreau.example');
    const [welcome] = await emailsTo('lea@moreau.example');
    expect(welcome.text).toContain('48');
    const linkToken = linkIn(welcome.text);

    // Only the digest is stored; the token is in the email and nowhere in the database.
    const links: Array<{ token_hash: string; purpose: string }> = await t.dataSource.query(
      'SELECT token_hash, purpose FROM one_time_links',
    );
    expect(links).toContainEqual({
      token_hash: createHash('sha256').update(linkToken).digest('hex'),
      purpose: 'set_password',
    });
    // A set-password link lives 48 hours.
    expect(await lifetimeHours(linkToken)).toBe(48);
    const outbox: Array<{ context: string }> = await t.dataSource.query('SELECT context FROM email_outbox');
    expect(outbox.some((r) => r.context.includes(linkToken))).toBe(false);

    expect((await reset(linkToken)).status).toBe(204);
    const again = await reset(linkToken, 'another-new-password');
    expect(again.status).toBe(400);
    expect(again.body.code).toBe('PASSWORD_LINK_INVALID');

    const contact = await t.get(`contacts/${customer.primaryContact.id}`, { token });
    expect(contact.body.passwordSet).toBe(true);
    expect(contact.body.version).toBe(2);
    const [, changed] = await emailsTo('lea@moreau.example', 2);
    expect(changed.subject).toMatch(/mot de passe/i);

    const activity = await t.get(`customers/${customer.id}/activity`, { token });
    const event = activity.body.data.find((e: any) => e.entityType === 'contact' && e.action === 'update');
    expect(event.actor).toEqual({ type: 'contact', id: customer.primaryContact.id });
    expect(JSON.stringify(event)).not.toContain('a-brand-new-password');
    expect(event.changes).toContainEqual(expect.objectContaining({ field: 'passwordSet', before: false, after: true }));
  });

  it('sends no link to a contact created with a password', async () => {
    await create('has-password@moreau.example', 'a-long-enough-password');
    const [welcome] = await emailsTo('has-password@moreau.example');
    expect(LINK.test(welcome.text)).toBe(false);
  });

  it('refuses an expired link, a malformed one and an unknown one alike', async () => {
    await create('late@moreau.example');
    const linkToken = linkIn((await emailsTo('late@moreau.example'))[0].text);
    const hash = createHash('sha256').update(linkToken).digest('hex');
    await t.dataSource
      .getRepository(OneTimeLink)
      .update({ tokenHash: hash }, { expiresAt: new Date(Date.now() - 1000) });
    const expired = await reset(linkToken);
    expect(expired.status).toBe(400);
    expect(expired.body.code).toBe('PASSWORD_LINK_INVALID');
    const unknown = await reset('A'.repeat(43));
    expect(unknown.body.code).toBe('PASSWORD_LINK_INVALID');
    const malformed = await reset('short');
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors.map((e: { field: string }) => e.field)).toEqual(['token']);
    const weak = await reset(linkToken, 'short');
    expect(weak.body.errors.map((e: { field: string }) => e.field)).toEqual(['password']);
  });

  it('cancels an email whose contact was deleted after it left the queue, issuing no link', async () => {
    const customer = await create('deleted@moreau.example', 'the-old-long-password');
    const gone = randomUUID();
    const email = await given(t).email({
      customerId: customer.id,
      contactId: gone,
      link: 'set_password',
      status: 'queued',
      toEmail: 'deleted-contact@moreau.example',
    });
    const row = await eventually(async () => {
      const found = await t.dataSource.getRepository(OutboxEmail).findOneByOrFail({ id: email.id });
      return found.status === 'cancelled' ? found : undefined;
    });
    expect(row).toMatchObject({ lastError: 'contact deleted', attempts: 1 });
    expect(await t.dataSource.getRepository(OneTimeLink).countBy({ contactId: gone })).toBe(0);
    expect(smtp.received.filter((m) => m.to.includes('deleted-contact@moreau.example'))).toEqual([]);
  });

  it('does not use a link that expired between its check and its use (the password was being hashed)', async () => {
    await create('slow@moreau.example');
    const linkToken = linkIn((await emailsTo('slow@moreau.example'))[0].text);
    const links = t.app.get(OneTimeLinks);
    const link = await links.usable(linkToken);
    expect(link).not.toBeNull();
    const later = new Date(link!.expiresAt.getTime() + 1000);
    expect(await t.app.get(TransactionalConnection).transaction(() => links.consume(link!, later))).toBeNull();
    expect(await links.usable(linkToken)).not.toBeNull();
    expect((await reset(linkToken)).status).toBe(204);
  });

  it('resends a link on request; using one ends the others; two uses at once let one through', async () => {
    const customer = await create('twice@moreau.example');
    const contactId = customer.primaryContact.id;
    const queued = await t.post(`contacts/${contactId}/set-password-email`, undefined, { token });
    expect(queued.status).toBe(202);
    expect(queued.body.status).toBe('queued');
    const [welcome, resent] = await emailsTo('twice@moreau.example', 2);
    expect(resent.subject).not.toBe(welcome.subject);
    const first = linkIn(welcome.text);
    const second = linkIn(resent.text);
    expect(first).not.toBe(second);

    const racing = await Promise.all([reset(second), reset(second), reset(second)]);
    expect(racing.map((r) => r.status).sort()).toEqual([204, 400, 400]);
    expect((await reset(first)).body.code).toBe('PASSWORD_LINK_INVALID');
  });

  it('ends a link when its contact gets another address, for good; a link works only for the address it went to', async () => {
    const customer = await create('moving@moreau.example');
    const contactId = customer.primaryContact.id;
    const linkToken = linkIn((await emailsTo('moving@moreau.example'))[0].text);
    const move = (email: string) => t.request('PATCH', `contacts/${contactId}`, { body: { email }, token });
    expect((await move('moved@moreau.example')).status).toBe(200);
    expect((await reset(linkToken)).body.code).toBe('PASSWORD_LINK_INVALID');
    expect((await move('moving@moreau.example')).status).toBe(200);
    expect((await reset(linkToken)).body.code).toBe('PASSWORD_LINK_INVALID');

    // A link that went to another address (sent just as the address changed) opens nothing.
    const issue = (emailKey: string) =>
      t.app
        .get(TransactionalConnection)
        .transaction(() => t.app.get(OneTimeLinks).issue('set_password', contactId, emailKey));
    expect((await reset(await issue('moved@moreau.example'))).body.code).toBe('PASSWORD_LINK_INVALID');
    expect((await t.get(`contacts/${contactId}`, { token })).body.passwordSet).toBe(false);
    expect((await reset(await issue('moving@moreau.example'))).status).toBe(204);
  });

  it('cancels a retried email whose contact has another address since, instead of sending it to the old one', async () => {
    const customer = await create('retry-old@moreau.example', 'a-long-enough-password');
    await emailsTo('retry-old@moreau.example'); // the welcome email
    const contactId = customer.primaryContact.id;
    const failed = await given(t).email({
      customerId: customer.id,
      contactId,
      toEmail: 'retry-old@moreau.example',
      link: 'set_password',
    });
    const moved = await t.request('PATCH', `contacts/${contactId}`, {
      body: { email: 'retry-new@moreau.example' },
      token,
    });
    expect(moved.status).toBe(200);
    expect((await t.post(`emails/${failed.id}/retry`, undefined, { token })).status).toBe(200);
    const listed = await eventually(async () => {
      const list = await t.get(`emails?customerId=${customer.id}&status=cancelled`, { token });
      return list.body.data.find((e: { id: string }) => e.id === failed.id);
    });
    expect(listed).toMatchObject({ status: 'cancelled', lastError: 'contact email changed' });
    expect(smtp.received.filter((m) => m.to.includes('retry-old@moreau.example'))).toHaveLength(1);
    expect(await t.dataSource.getRepository(OneTimeLink).countBy({ contactId })).toBe(0);
  });

  it('cancels, as it sends, an email to a contact who or whose customer is inactive; staff emails about them go', async () => {
    const customer = await create('shut@moreau.example', 'a-long-enough-password');
    await emailsTo('shut@moreau.example'); // the welcome email
    const helper = await t.post(
      `customers/${customer.id}/contacts`,
      { firstName: 'Hugo', lastName: 'Moreau', email: 'hugo@moreau.example' },
      { token },
    );
    expect(helper.status).toBe(201);
    const failedTo = (contactId: string, toEmail: string) =>
      given(t).email({ customerId: customer.id, contactId, toEmail, link: 'set_password' });
    const retried = async (id: string) => {
      expect((await t.post(`emails/${id}/retry`, undefined, { token })).status).toBe(200);
      return eventually(async () => {
        const row = await t.dataSource.getRepository(OutboxEmail).findOneByOrFail({ id });
        return row.status === 'queued' || row.status === 'sending' ? undefined : row;
      });
    };

    const toHelper = await failedTo(helper.body.id, 'hugo@moreau.example');
    const off = await t.request('PATCH', `contacts/${helper.body.id}`, { body: { active: false }, token });
    expect(off.status).toBe(200);
    expect(await retried(toHelper.id)).toMatchObject({ status: 'cancelled', lastError: 'contact inactive' });

    const toPrimary = await failedTo(customer.primaryContact.id, 'shut@moreau.example');
    const shut = await t.request('PATCH', `customers/${customer.id}`, { body: { active: false }, token });
    expect(shut.status).toBe(200);
    expect(await retried(toPrimary.id)).toMatchObject({ status: 'cancelled', lastError: 'customer inactive' });

    // A notice to staff about the (inactive) customer and its contact has no contact recipient.
    const notice = await given(t).email({
      template: 'registration_received',
      customerId: customer.id,
      contactId: customer.primaryContact.id,
      toEmail: 'office@staff.example',
    });
    expect(await retried(notice.id)).toMatchObject({ status: 'sent', lastError: null });
    expect(smtp.received.filter((m) => m.to.includes('hugo@moreau.example'))).toEqual([]);
    expect(smtp.received.filter((m) => m.to.includes('shut@moreau.example'))).toHaveLength(1);
    expect(await t.dataSource.getRepository(OneTimeLink).countBy({ contactId: helper.body.id })).toBe(0);
  });

  it('sends a reset link to a contact who forgot the password, and answers alike for anyone else', async () => {
    const customer = await create('forgot@moreau.example', 'the-old-long-password');
    await emailsTo('forgot@moreau.example'); // the welcome email
    const asked = await t.post('portal/auth/forgot-password', { email: 'Forgot@Moreau.example' });
    expect(asked.status).toBe(202);
    const nobody = await t.post('portal/auth/forgot-password', { email: 'nobody@moreau.example' });
    expect(nobody.status).toBe(202);
    expect(nobody.text).toBe(asked.text);

    const [, reset] = await emailsTo('forgot@moreau.example', 2);
    expect(reset.subject).toMatch(/mot de passe/i);
    const match = /https:\/\/portal\.example\.test\/reset-password\?token=([A-Za-z0-9_-]{43})\b/.exec(reset.text);
    expect(match).not.toBeNull();
    // A reset link lives 1 hour.
    expect(await lifetimeHours(match![1])).toBe(1);
    expect(reset.text).toContain('60');
    const rows: Array<{ to_email: string; status: string; last_error: string | null }> = await t.dataSource.query(
      "SELECT to_email, status, last_error FROM email_outbox WHERE template = 'forgot_password' AND to_email IN (?, ?) ORDER BY to_email",
      ['forgot@moreau.example', 'nobody@moreau.example'],
    );
    expect(rows).toEqual([
      { to_email: 'forgot@moreau.example', status: expect.not.stringMatching(/cancelled/), last_error: null },
      // The request for an unknown address is recorded, never sent.
      { to_email: 'nobody@moreau.example', status: 'cancelled', last_error: 'no active contact with this address' },
    ]);

    expect(
      (await t.post('portal/auth/reset-password', { token: match![1], password: 'my-new-long-password' })).status,
    ).toBe(204);
    const contact = await t.get(`contacts/${customer.primaryContact.id}`, { token });
    expect(contact.body.version).toBe(2);
  });

  it('keeps one reset link alive at a time: a new one ends the older ones', async () => {
    await create('again@moreau.example', 'the-old-long-password');
    await emailsTo('again@moreau.example'); // the welcome email
    const RESET = /reset-password\?token=([A-Za-z0-9_-]{43})\b/;
    for (let i = 0; i < 3; i++) {
      expect((await t.post('portal/auth/forgot-password', { email: 'again@moreau.example' })).status).toBe(202);
      await emailsTo('again@moreau.example', 2 + i);
    }
    const tokens = (await emailsTo('again@moreau.example', 4)).slice(1).map((m) => RESET.exec(m.text)![1]);
    const open = await t.dataSource.getRepository(OneTimeLink).find({
      where: { purpose: 'reset_password', usedAt: IsNull() },
    });
    expect(open.map((l) => l.tokenHash)).toEqual([createHash('sha256').update(tokens[2]).digest('hex')]);
    for (const older of tokens.slice(0, 2)) expect((await reset(older)).body.code).toBe('PASSWORD_LINK_INVALID');
    expect((await reset(tokens[2])).status).toBe(204);
  });

  it('queues no reset email for an inactive contact or a contact of an inactive customer (records the request), answering alike', async () => {
    const customer = await create('owner@dormant.example', 'the-old-long-password');
    const helper = await t.post(
      `customers/${customer.id}/contacts`,
      { firstName: 'Ines', lastName: 'Dormant', email: 'ines@dormant.example' },
      { token },
    );
    expect(helper.status).toBe(201);
    const off = await t.request('PATCH', `contacts/${helper.body.id}`, { body: { active: false }, token });
    expect(off.status).toBe(200);
    const inactiveContact = await t.post('portal/auth/forgot-password', { email: 'ines@dormant.example' });
    const shut = await t.request('PATCH', `customers/${customer.id}`, { body: { active: false }, token });
    expect(shut.status).toBe(200);
    const inactiveCustomer = await t.post('portal/auth/forgot-password', { email: 'owner@dormant.example' });
    expect([inactiveContact.status, inactiveCustomer.status]).toEqual([202, 202]);
    expect(inactiveCustomer.text).toBe(inactiveContact.text);
    const rows: unknown[] = await t.dataSource.query(
      "SELECT status, last_error FROM email_outbox WHERE template = 'forgot_password' AND to_email LIKE '%@dormant.example'",
    );
    expect(rows).toEqual([
      { status: 'cancelled', last_error: 'no active contact with this address' },
      { status: 'cancelled', last_error: 'no active contact with this address' },
    ]);
  });

  it('sends no link to an inactive contact, and a link of a contact deactivated since no longer works', async () => {
    const customer = await create('gone@moreau.example');
    const linkToken = linkIn((await emailsTo('gone@moreau.example'))[0].text);
    const other = await t.post(
      `customers/${customer.id}/contacts`,
      { firstName: 'Paul', lastName: 'Moreau', email: 'paul@moreau.example', isPrimary: true },
      { token },
    );
    expect(other.status).toBe(201);
    const off = await t.request('PATCH', `contacts/${customer.primaryContact.id}`, { body: { active: false }, token });
    expect(off.status).toBe(200);
    const refused = await t.post(`contacts/${customer.primaryContact.id}/set-password-email`, undefined, { token });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('CONTACT_INACTIVE');
    expect((await reset(linkToken)).body.code).toBe('PASSWORD_LINK_INVALID');
    expect((await t.get(`contacts/${customer.primaryContact.id}`, { token })).body.passwordSet).toBe(false);
  });
});

describe('queued emails of what is deleted', () => {
  let t: TestApp;
  let token: string;

  beforeAll(async () => {
    ({ t, admin: token } = await startAsAdmin()); // no worker: the emails stay queued
  });
  afterAll(() => t.close());

  const rowsOf = (customerId: string): Promise<Array<{ contact_id: string; status: string; last_error: string }>> =>
    t.dataSource.query('SELECT contact_id, status, last_error FROM email_outbox WHERE customer_id = ? ORDER BY id', [
      customerId,
    ]);

  it('cancels them with the customer, and with the contact', async () => {
    const created = await t.post(
      'customers',
      { company: 'Soon Gone Ltd', primaryContact: { firstName: 'Ada', lastName: 'Gone', email: 'ada@gone.example' } },
      { token },
    );
    expect(created.status).toBe(201);
    const id = created.body.id;
    const contact = await t.post(
      `customers/${id}/contacts`,
      { firstName: 'Bo', lastName: 'Gone', email: 'bo@gone.example' },
      { token },
    );
    expect((await t.post(`contacts/${contact.body.id}/welcome-email`, undefined, { token })).status).toBe(202);
    expect((await t.request('DELETE', `contacts/${contact.body.id}`, { token })).status).toBe(204);
    expect(await rowsOf(id)).toEqual([
      { contact_id: created.body.primaryContact.id, status: 'queued', last_error: null },
      { contact_id: contact.body.id, status: 'cancelled', last_error: 'contact deleted' },
    ]);

    expect((await t.request('DELETE', `customers/${id}`, { token })).status).toBe(204);
    expect((await rowsOf(id)).map((r) => [r.status, r.last_error])).toEqual([
      ['cancelled', 'customer deleted'],
      ['cancelled', 'contact deleted'],
    ]);
  });
});

describe('queued emails and open links of a contact who moves or goes', () => {
  let t: TestApp;
  let token: string;

  beforeAll(async () => {
    ({ t, admin: token } = await startAsAdmin()); // no worker: the emails stay queued
  });
  afterAll(() => t.close());

  const emailsTo = (contactId: string): Promise<Array<{ status: string; last_error: string | null }>> =>
    t.dataSource.query('SELECT status, last_error FROM email_outbox WHERE contact_id = ? ORDER BY id', [contactId]);
  /** A link as the worker issues it when it sends an email to the contact's address. */
  const linkFor = async (contactId: string) => {
    const { emailKey } = await t.dataSource.getRepository(Contact).findOneByOrFail({ id: contactId });
    return t.app
      .get(TransactionalConnection)
      .transaction(() => t.app.get(OneTimeLinks).issue('set_password', contactId, emailKey));
  };
  const openLinks = (contactId: string) =>
    t.dataSource.getRepository(OneTimeLink).countBy({ contactId, usedAt: IsNull() });
  const company = async (name: string) => {
    const created = await t.post(
      'customers',
      { company: name, primaryContact: { firstName: 'Ada', lastName: name, email: `ada@${name}.example` } },
      { token },
    );
    expect(created.status).toBe(201);
    await linkFor(created.body.primaryContact.id);
    return created.body as { id: string; primaryContact: { id: string } };
  };

  it('cancels them and ends the links when the address changes or the contact is deactivated, with the change only', async () => {
    const customer = await company('moving');
    const added = await t.post(
      `customers/${customer.id}/contacts`,
      { firstName: 'Bo', lastName: 'Moving', email: 'bo@moving.example' },
      { token },
    );
    const bo = added.body.id as string;
    expect((await t.post(`contacts/${bo}/set-password-email`, undefined, { token })).status).toBe(202);
    await linkFor(bo);

    // A change that does not happen (a stale version) cancels and ends nothing.
    const stale = await t.request('PATCH', `contacts/${bo}`, {
      body: { email: 'bo@elsewhere.example' },
      headers: { 'if-match': '"7"' },
      token,
    });
    expect(stale.status).toBe(412);
    expect(await emailsTo(bo)).toEqual([{ status: 'queued', last_error: null }]);
    expect(await openLinks(bo)).toBe(1);

    // Only the case of the address: the same address, nothing ends.
    expect((await t.request('PATCH', `contacts/${bo}`, { body: { email: 'Bo@Moving.example' }, token })).status).toBe(
      200,
    );
    expect(await openLinks(bo)).toBe(1);

    const moved = await t.request('PATCH', `contacts/${bo}`, { body: { email: 'bo@elsewhere.example' }, token });
    expect(moved.status).toBe(200);
    expect(await emailsTo(bo)).toEqual([{ status: 'cancelled', last_error: 'contact email changed' }]);
    expect(await openLinks(bo)).toBe(0);

    expect((await t.post(`contacts/${bo}/set-password-email`, undefined, { token })).status).toBe(202);
    await linkFor(bo);
    expect((await t.request('PATCH', `contacts/${bo}`, { body: { active: false }, token })).status).toBe(200);
    expect((await emailsTo(bo))[1]).toEqual({ status: 'cancelled', last_error: 'contact inactive' });
    expect(await openLinks(bo)).toBe(0);

    // The other contact of the customer keeps its email and link.
    expect(await emailsTo(customer.primaryContact.id)).toEqual([{ status: 'queued', last_error: null }]);
    expect(await openLinks(customer.primaryContact.id)).toBe(1);
  });

  it('cancels them and ends the links of every contact of a customer deactivated, alone or in bulk; staff notices stay', async () => {
    const alone = await company('alone');
    const inBulk = await company('inbulk');
    const kept = await company('kept');
    const notice = await given(t).email({
      template: 'registration_received',
      customerId: alone.id,
      status: 'queued',
      toEmail: 'office@staff.example',
    });

    expect((await t.request('PATCH', `customers/${alone.id}`, { body: { active: false }, token })).status).toBe(200);
    const bulk = await t.post('customers/bulk', { action: 'deactivate', customerIds: [inBulk.id] }, { token });
    expect(bulk.status).toBe(200);
    expect(bulk.body.succeeded).toBe(1);

    for (const customer of [alone, inBulk]) {
      expect(await emailsTo(customer.primaryContact.id)).toEqual([
        { status: 'cancelled', last_error: 'customer inactive' },
      ]);
      expect(await openLinks(customer.primaryContact.id)).toBe(0);
    }
    expect(await emailsTo(kept.primaryContact.id)).toEqual([{ status: 'queued', last_error: null }]);
    expect(await openLinks(kept.primaryContact.id)).toBe(1);
    const [staffNotice] = await t.dataSource.query('SELECT status FROM email_outbox WHERE id = ?', [notice.id]);
    expect(staffNotice.status).toBe('queued');

    // Sending to a contact of an inactive customer is refused up front.
    const refused = await t.post(`contacts/${alone.primaryContact.id}/set-password-email`, undefined, { token });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('CUSTOMER_INACTIVE');
  });
});

describe('password reset requests', () => {
  let t: TestApp;
  let token: string;

  beforeAll(async () => {
    ({ t, admin: token } = await startAsAdmin()); // no worker: the emails stay queued
  });
  afterAll(() => t.close());

  const forgot = (email: string) => t.post('portal/auth/forgot-password', { email });
  const requestsFor = async (email: string) => {
    const rows: Array<{ status: string }> = await t.dataSource.query(
      "SELECT status FROM email_outbox WHERE template = 'forgot_password' AND to_email = ?",
      [email],
    );
    return rows.map((r) => r.status);
  };
  const customerWith = async (email: string) => {
    const created = await t.post(
      'customers',
      {
        company: `Reset ${email}`,
        sendWelcomeEmail: false,
        primaryContact: { firstName: 'Rita', lastName: 'Reset', email, password: 'the-old-long-password' },
      },
      { token },
    );
    expect(created.status).toBe(201);
  };

  it('runs the same statements for a known address and an unknown one', async () => {
    await customerWith('known@reset.example');
    const log = logStatements(t.dataSource);
    // A pooled MySQL connection sets its isolation level once, on its first transaction.
    const statementsOf = async (email: string) => {
      const { result, statements } = await log.during(() => forgot(email));
      expect(result.status).toBe(202);
      return statements.filter((s) => !/^\s*SET SESSION TRANSACTION\b/i.test(s));
    };
    const known = await statementsOf('known@reset.example');
    const unknown = await statementsOf('unknown@reset.example');
    expect(known.some((s) => /^\s*INSERT INTO [`"]email_outbox[`"]/i.test(s))).toBe(true);
    expect(unknown).toEqual(known);
  });

  it('caps requests per address, known or not, at 3 an hour with the same answer, however many arrive at once', async () => {
    await customerWith('flood@reset.example');
    for (const email of ['flood@reset.example', 'Flood-Ghost@reset.example']) {
      const answers = await Promise.all(Array.from({ length: 30 }, () => forgot(email)));
      expect(new Set(answers.map((a) => `${a.status} ${a.text}`))).toEqual(new Set([`202 ${answers[0].text}`]));
    }
    expect(await requestsFor('flood@reset.example')).toEqual(['queued', 'queued', 'queued']);
    // Unknown addresses are counted too: the cap is no test of whether an address is known.
    expect(await requestsFor('flood-ghost@reset.example')).toEqual(['cancelled', 'cancelled', 'cancelled']);
    const later = await forgot('FLOOD@reset.example');
    expect(later.status).toBe(202);
    expect(await requestsFor('flood@reset.example')).toHaveLength(3);
  });
});
