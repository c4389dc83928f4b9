import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Attachment, simpleParser } from 'mailparser';
import { Contact } from '../../src/contacts/contact.entity';
import { Customer } from '../../src/customers/customer.entity';
import { OutboxWorker } from '../../src/mail/outbox-worker';
import { Given, startAsAdmin } from '../factories/given';
import { pdfText } from '../helpers/pdf-text';
import { TestApp } from '../helpers/test-app';

interface Sent {
  emails: Array<{ id: string; contactId: string; to: string }>;
}

/** Documents emailed with their PDF: the outbox worker renders it when it sends, into an `.eml` file here. */
describe('sending documents and statements', () => {
  let t: TestApp;
  let make: Given;
  let admin: string;
  let dir: string;
  let customerId: string;
  let everything: Contact;
  let estimatesOnly: Contact;
  let invoiceEmailsOff: Contact;
  let inactive: Contact;

  const item = [{ description: 'Beratung', quantity: '2', unitPrice: '60', taxRate: '19' }];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'crm-send-'));
    ({ t, make, admin } = await startAsAdmin({ MAIL_DIR: dir }));
    expect((await t.request('PATCH', 'settings', { body: { pdfInClientLanguage: true }, token: admin })).status).toBe(
      200,
    );
    const customer = await make.customer({ company: 'Versand GmbH', currency: 'EUR' });
    customerId = customer.id;
    await t.dataSource.getRepository(Customer).update({ id: customerId }, { language: 'de' });
    everything = await make.contact({ customerId, firstName: 'Erika', email: 'erika@versand.example' });
    estimatesOnly = await make.contact({ customerId, isPrimary: false, permissions: ['estimates'] });
    invoiceEmailsOff = await make.contact({ customerId, isPrimary: false, permissions: ['invoices'] });
    await t.dataSource
      .getRepository(Contact)
      .update(
        { id: invoiceEmailsOff.id },
        { emailNotifications: { ...invoiceEmailsOff.emailNotifications, invoices: false } },
      );
    inactive = await make.contact({ customerId, isPrimary: false, active: false });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const send = (path: string, body: Record<string, unknown> = {}, token = admin) => t.post(path, body, { token });
  const deliver = () => t.app.get(OutboxWorker).drain();
  const eml = async (id: string) => simpleParser(readFileSync(join(dir, `${id}.eml`)));
  const pdfOf = (attachment: Attachment) => pdfText(attachment.content).then((text) => text.replace(/\s+/g, ' '));
  const download = async (path: string) => {
    const res = await fetch(`${t.baseUrl}/api/v1/${path}`, { headers: { authorization: `Bearer ${admin}` } });
    expect(res.status).toBe(200);
    return pdfText(Buffer.from(await res.arrayBuffer())).then((text) => text.replace(/\s+/g, ' '));
  };

  it('issues a draft invoice and emails its PDF, in the customer language, to permitted contacts only', async () => {
    const draft = await t.post('invoices', { customerId, items: item, status: 'draft' }, { token: admin });
    expect(draft.status).toBe(201);
    const id = (draft.body as any).id;
    const res = await send(`invoices/${id}/send`);
    expect(res.status).toBe(202);
    const sent = res.body as Sent;
    expect(sent.emails.map((e) => e.contactId)).toEqual([everything.id]);

    const invoice = (await t.get(`invoices/${id}`, { token: admin })).body as any;
    expect(invoice.status).toBe('unpaid');
    expect(invoice.number).toMatch(/^INV-\d{6}$/);

    expect(await deliver()).toBe(1);
    const mail = await eml(sent.emails[0].id);
    expect(mail.to).toMatchObject({ value: [{ address: 'erika@versand.example' }] });
    expect(mail.subject).toBe(`Dokument ${invoice.number} von CRM`);
    expect(mail.text).toContain('Gesamtbetrag: 142.80 EUR');
    expect(mail.attachments).toHaveLength(1);
    const [pdf] = mail.attachments;
    expect(pdf.filename).toBe(`${invoice.number}.pdf`);
    expect(pdf.contentType).toBe('application/pdf');
    expect(pdf.content.subarray(0, 5).toString()).toBe('%PDF-');
    const text = await pdfOf(pdf);
    expect(text).toContain('Rechnung');
    expect(text).toBe(await download(`invoices/${id}/pdf`));

    const activity = (await t.get(`customers/${customerId}/activity`, { token: admin })).body as any;
    const record = activity.data.find((e: any) => e.action === 'send' && e.entityId === id);
    expect(record).toBeDefined();
    expect(JSON.stringify(record.changes)).toContain('erika@versand.example');
  });

  it('refuses chosen contacts who may not receive it (400), and sends to those who may', async () => {
    const invoice = (await t.post('invoices', { customerId, items: item }, { token: admin })).body as any;
    for (const contact of [estimatesOnly, invoiceEmailsOff, inactive]) {
      const res = await send(`invoices/${invoice.id}/send`, { contactIds: [contact.id] });
      expect(res.status).toBe(400);
      expect((res.body as any).errors[0]).toMatchObject({ field: 'contactIds', code: 'recipientNotPermitted' });
    }
    expect((await send(`invoices/${invoice.id}/send`, { contactIds: null })).status).toBe(400);
    expect((await send(`invoices/${invoice.id}/send`, { contactIds: [] })).status).toBe(400);
    const other = await make.customer({ currency: 'EUR' });
    const stranger = await make.contact({ customerId: other.id });
    expect((await send(`invoices/${invoice.id}/send`, { contactIds: [stranger.id] })).status).toBe(400);
    const res = await send(`invoices/${invoice.id}/send`, { contactIds: [everything.id] });
    expect(res.status).toBe(202);
    expect((res.body as Sent).emails).toHaveLength(1);
    await deliver();
  });

  it('answers 409 when no contact may receive it, and for a cancelled invoice', async () => {
    const lonely = await make.customer({ currency: 'EUR' });
    await make.contact({ customerId: lonely.id, permissions: ['support'] });
    const invoice = (await t.post('invoices', { customerId: lonely.id, items: item }, { token: admin })).body as any;
    const res = await send(`invoices/${invoice.id}/send`);
    expect(res.status).toBe(409);
    expect((res.body as any).code).toBe('NO_RECIPIENTS');
    expect((await t.post(`invoices/${invoice.id}/cancel`, undefined, { token: admin })).status).toBe(200);
    expect((await send(`invoices/${invoice.id}/send`)).status).toBe(409);
  });

  it('sends a draft estimate (then sent and numbered) to the contacts with the estimates permission', async () => {
    const draft = (await t.post('estimates', { customerId, items: item, status: 'draft' }, { token: admin }))
      .body as any;
    const res = await send(`estimates/${draft.id}/send`);
    expect(res.status).toBe(202);
    expect((res.body as Sent).emails.map((e) => e.contactId).sort()).toEqual([everything.id, estimatesOnly.id].sort());
    const estimate = (await t.get(`estimates/${draft.id}`, { token: admin })).body as any;
    expect(estimate).toMatchObject({ status: 'sent', number: expect.stringMatching(/^EST-/) });
    await deliver();
    const mail = await eml((res.body as Sent).emails[0].id);
    expect(mail.attachments[0].filename).toBe(`${estimate.number}.pdf`);
    expect(await pdfOf(mail.attachments[0])).toContain('Angebot');
  });

  it('sends a credit note with its PDF', async () => {
    const note = (await t.post('credit-notes', { customerId, items: item }, { token: admin })).body as any;
    const res = await send(`credit-notes/${note.id}/send`);
    expect(res.status).toBe(202);
    await deliver();
    const mail = await eml((res.body as Sent).emails[0].id);
    expect(mail.attachments[0].filename).toBe(`${note.number}.pdf`);
    expect(await pdfOf(mail.attachments[0])).toContain('Gutschrift');
  });

  it('sends the statement with the statement template and its PDF', async () => {
    const res = await send(`customers/${customerId}/statement/send`, { from: '2020-01-01', to: '2099-12-31' });
    expect(res.status).toBe(202);
    expect((res.body as Sent).emails.map((e) => e.contactId)).toEqual([everything.id]);
    await deliver();
    const mail = await eml((res.body as Sent).emails[0].id);
    expect(mail.subject).toBe('Kontoauszug von CRM');
    expect(mail.text).toContain('2020-01-01 bis 2099-12-31');
    const statement = (await t.get(`customers/${customerId}/statement?from=2020-01-01&to=2099-12-31`, { token: admin }))
      .body as any;
    expect(mail.text).toContain(`Offener Saldo am 2099-12-31: ${statement.totals.balanceDue} EUR`);
    expect(mail.attachments[0].filename).toBe('statement-2020-01-01-2099-12-31.pdf');
    const text = await pdfOf(mail.attachments[0]);
    expect(text).toContain('Kontoauszug');
    expect(text).toContain('Versand GmbH');
  });

  it('does not send the PDF to a contact who lost the permission after it was queued', async () => {
    const invoice = (await t.post('invoices', { customerId, items: item }, { token: admin })).body as any;
    const res = await send(`invoices/${invoice.id}/send`);
    expect(res.status).toBe(202);
    await t.dataSource.getRepository(Contact).update({ id: everything.id }, { permissions: ['support'] });
    await deliver();
    const [row] = await t.dataSource.query('SELECT status, last_error FROM email_outbox WHERE id = ?', [
      (res.body as Sent).emails[0].id,
    ]);
    expect(row).toMatchObject({ status: 'cancelled', last_error: 'contact not permitted' });
    await t.dataSource.getRepository(Contact).update({ id: everything.id }, { permissions: everything.permissions });
  });
});
