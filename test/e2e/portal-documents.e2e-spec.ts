import { AuditEvent } from '../../src/audit/audit-event.entity';
import { OutboxEmail } from '../../src/mail/outbox-email.entity';
import { Given, line, startAsAdmin } from '../factories/given';
import { pdfText } from '../helpers/pdf-text';
import { TestApp } from '../helpers/test-app';

type Area = 'invoices' | 'estimates' | 'support';

/**
 * The company's sales documents on the portal: invoices and credit notes behind the
 * permission `invoices`, estimates behind `estimates`, each checked on every request; a
 * contact sees its own customer's documents only (another's is a 404 and never listed) and
 * never a draft, reads PDFs in its customer's language, and accepts or declines estimates.
 */
describe('portal: invoices, credit notes and estimates', () => {
  let t: TestApp;
  let make: Given;
  let admin: string;

  beforeAll(async () => ({ t, make, admin } = await startAsAdmin()));
  afterAll(() => t.close());

  const get = (path: string, token: string) => t.get(path, { token });
  const ids = (res: { body: { data: Array<{ id: string }> } }) => res.body.data.map((d) => d.id).sort();
  const setPermissions = async (contactId: string, permissions: Area[]) =>
    expect((await t.request('PATCH', `contacts/${contactId}`, { body: { permissions }, token: admin })).status).toBe(
      200,
    );

  /** A company with a signed-in contact, and its documents: an unpaid invoice, a draft one, a credit note, a sent and a draft estimate. */
  const company = async (options: { permissions?: Area[]; language?: string | null; admins?: string[] } = {}) => {
    const signedIn = await make.signedInContact({
      permissions: options.permissions,
      customer: { currency: 'EUR', language: options.language ?? null, admins: options.admins },
    });
    const customerId = signedIn.customer.id;
    const invoice = await make.invoice({ customerId, items: [line('100.00')] });
    const draftInvoice = await make.invoice({ customerId, status: 'draft' });
    const creditNote = await make.creditNote({ customerId });
    const estimate = await make.estimate({ customerId });
    const draftEstimate = await make.estimate({ customerId, status: 'draft' });
    return { ...signedIn, invoice, draftInvoice, creditNote, estimate, draftEstimate };
  };

  describe('invoices', () => {
    it('lists its own company issued invoices, never drafts nor another company', async () => {
      const a = await company();
      const b = await company();
      const res = await get('portal/invoices', a.token);
      expect(res.status).toBe(200);
      expect(ids(res)).toEqual([a.invoice.id]);
      expect(res.body.data[0]).toMatchObject({ number: a.invoice.number, isOverdue: false, status: 'unpaid' });
      expect((await get(`portal/invoices/${b.invoice.id}`, a.token)).status).toBe(404);
      expect((await get(`portal/invoices/${a.draftInvoice.id}`, a.token)).status).toBe(404);
      expect((await get(`portal/invoices/${b.invoice.id}/pdf`, a.token)).status).toBe(404);
      expect((await get(`portal/invoices?status=draft`, a.token)).status).toBe(400);
      expect((await get(`portal/invoices?customerId=${b.customer.id}`, a.token)).status).toBe(400);
    });

    it('filters by status, number, overdue and dates', async () => {
      const a = await company();
      const old = await make.invoice({ customerId: a.customer.id, date: '2020-01-01', dueDate: '2020-01-31' });
      const list = async (query: string) => ids(await get(`portal/invoices?${query}`, a.token));
      expect(await list('overdue=true')).toEqual([old.id]);
      expect(await list('overdue=false')).toEqual([a.invoice.id]);
      expect(await list(`number=${old.number}`)).toEqual([old.id]);
      expect(await list('dateTo=2020-12-31')).toEqual([old.id]);
      expect(await list('status=paid')).toEqual([]);
      expect((await get(`portal/invoices/${old.id}`, a.token)).body.isOverdue).toBe(true);
    });

    it('reads an invoice with its payments and the credit applied', async () => {
      const a = await company();
      await make.payment({ invoiceId: a.invoice.id, amount: '30.00', note: 'Transfer' });
      const applied = await t.post(
        `credit-notes/${a.creditNote.id}/applications`,
        { invoiceId: a.invoice.id, amount: '5.00' },
        { token: admin },
      );
      expect(applied.status).toBe(201);
      const res = await get(`portal/invoices/${a.invoice.id}`, a.token);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ amountPaid: '30.00', amountCredited: '5.00', amountDue: '65.00' });
      expect(res.body.payments).toEqual([expect.objectContaining({ amount: '30.00', mode: 'bank', note: 'Transfer' })]);
      expect(res.body.payments[0].createdBy).toBeUndefined();
      expect(res.body.credits).toEqual([
        expect.objectContaining({
          creditNoteId: a.creditNote.id,
          creditNoteNumber: a.creditNote.number,
          amount: '5.00',
        }),
      ]);
    });

    it("answers the PDF in the customer's language: a French customer reads French labels", async () => {
      const a = await company({ language: 'fr' });
      const res = await fetch(`${t.baseUrl}/api/v1/portal/invoices/${a.invoice.id}/pdf`, {
        headers: { authorization: `Bearer ${a.token}` },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('application/pdf');
      const text = (await pdfText(Buffer.from(await res.arrayBuffer()))).replace(/\s+/g, ' ');
      for (const label of ['Facture', 'Échéance', 'Reste à payer']) expect(text).toContain(label);
      expect(text).not.toContain('Amount due');
    });

    it('falls back to the system default language for a customer without one', async () => {
      const a = await company({ language: null });
      const res = await fetch(`${t.baseUrl}/api/v1/portal/invoices/${a.invoice.id}/pdf`, {
        headers: { authorization: `Bearer ${a.token}` },
      });
      const text = (await pdfText(Buffer.from(await res.arrayBuffer()))).replace(/\s+/g, ' ');
      expect(text).toContain('Amount due');
    });
  });

  describe('statement', () => {
    it('answers the same figures as staff see, under the invoices permission, its PDF in the company language', async () => {
      const a = await company({ language: 'fr' });
      await make.payment({ invoiceId: a.invoice.id, amount: '30.00' });
      const mine = await get('portal/statement?from=2020-01-01', a.token);
      expect(mine.status).toBe(200);
      const staff = await t.get(`customers/${a.customer.id}/statement?from=2020-01-01`, { token: admin });
      expect(mine.body).toEqual(staff.body);
      expect(mine.body.customerId).toBe(a.customer.id);
      const pdf = await fetch(`${t.baseUrl}/api/v1/portal/statement?format=pdf&from=2020-01-01`, {
        headers: { authorization: `Bearer ${a.token}` },
      });
      expect(pdf.status).toBe(200);
      expect(pdf.headers.get('content-type')).toContain('application/pdf');
      expect((await pdfText(Buffer.from(await pdf.arrayBuffer()))).replace(/\s+/g, ' ')).toContain('Facture');
      await setPermissions(a.contact.id, ['estimates']);
      expect((await get('portal/statement', a.token)).status).toBe(403);
    });
  });

  describe('credit notes', () => {
    it('lists and reads its own company credit notes, under the invoices permission', async () => {
      const a = await company();
      const b = await company();
      const res = await get('portal/credit-notes', a.token);
      expect(res.status).toBe(200);
      expect(ids(res)).toEqual([a.creditNote.id]);
      expect((await get(`portal/credit-notes/${a.creditNote.id}`, a.token)).status).toBe(200);
      expect((await get(`portal/credit-notes/${b.creditNote.id}`, a.token)).status).toBe(404);
      const pdf = await fetch(`${t.baseUrl}/api/v1/portal/credit-notes/${a.creditNote.id}/pdf`, {
        headers: { authorization: `Bearer ${a.token}` },
      });
      expect(pdf.status).toBe(200);
    });
  });

  describe('permissions', () => {
    it('answers 403 for an area that is off, and nothing of it is listed or downloadable', async () => {
      const a = await company({ permissions: ['estimates'] });
      for (const path of [
        'portal/invoices',
        `portal/invoices/${a.invoice.id}`,
        `portal/invoices/${a.invoice.id}/pdf`,
        'portal/credit-notes',
        `portal/credit-notes/${a.creditNote.id}`,
        `portal/credit-notes/${a.creditNote.id}/pdf`,
      ])
        expect([path, (await get(path, a.token)).status]).toEqual([path, 403]);
      expect((await get('portal/estimates', a.token)).status).toBe(200);
      const b = await company({ permissions: ['invoices'] });
      expect((await get('portal/estimates', b.token)).status).toBe(403);
      expect((await get(`portal/estimates/${b.estimate.id}/pdf`, b.token)).status).toBe(403);
      expect((await t.post(`portal/estimates/${b.estimate.id}/accept`, { name: 'X' }, { token: b.token })).status).toBe(
        403,
      );
    });

    it('takes a permission switched off into account on the next request with the same token', async () => {
      const a = await company();
      expect((await get(`portal/invoices/${a.invoice.id}`, a.token)).status).toBe(200);
      expect((await get(`portal/estimates/${a.estimate.id}`, a.token)).status).toBe(200);
      await setPermissions(a.contact.id, ['support']);
      expect((await get(`portal/invoices/${a.invoice.id}`, a.token)).status).toBe(403);
      expect((await get(`portal/estimates/${a.estimate.id}`, a.token)).status).toBe(403);
      await setPermissions(a.contact.id, ['invoices']);
      expect((await get(`portal/invoices/${a.invoice.id}`, a.token)).status).toBe(200);
    });

    it('refuses a staff token on the portal routes', async () => {
      const a = await company();
      expect((await get(`portal/invoices/${a.invoice.id}`, admin)).status).toBe(401);
    });
  });

  describe('estimates', () => {
    it('lists and reads its own company sent estimates, never drafts nor another company', async () => {
      const a = await company();
      const b = await company();
      const res = await get('portal/estimates', a.token);
      expect(res.status).toBe(200);
      expect(ids(res)).toEqual([a.estimate.id]);
      expect((await get(`portal/estimates/${a.draftEstimate.id}`, a.token)).status).toBe(404);
      expect((await get(`portal/estimates/${b.estimate.id}`, a.token)).status).toBe(404);
      expect((await t.post(`portal/estimates/${b.estimate.id}/accept`, { name: 'X' }, { token: a.token })).status).toBe(
        404,
      );
      expect((await t.post(`portal/estimates/${a.draftEstimate.id}/decline`, {}, { token: a.token })).status).toBe(404);
      const pdf = await fetch(`${t.baseUrl}/api/v1/portal/estimates/${a.estimate.id}/pdf`, {
        headers: { authorization: `Bearer ${a.token}` },
      });
      expect(pdf.status).toBe(200);
    });

    it('accepts with a name, recorded with the time and the contact, in the activity, and tells the right staff', async () => {
      const assigned = await make.staff({ permissions: ['customers.view_own', 'estimates.view_own'] });
      const editor = await make.staff({ permissions: ['estimates.edit'], language: 'fr' });
      const bystander = await make.staff({ permissions: ['estimates.view'] });
      const a = await company({ admins: [assigned.staff.id] });
      const before = Date.now();
      const res = await t.post(`portal/estimates/${a.estimate.id}/accept`, { name: 'Maria Weber' }, { token: a.token });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        status: 'accepted',
        acceptedByName: 'Maria Weber',
        declineReason: null,
        respondedByContactId: a.contact.id,
      });
      expect(Date.parse(res.body.respondedAt)).toBeGreaterThanOrEqual(before - 1000);
      const trail = await t.dataSource
        .getRepository(AuditEvent)
        .findBy({ entityId: a.estimate.id, actorType: 'contact' });
      expect(trail).toEqual([
        expect.objectContaining({ customerId: a.customer.id, actorId: a.contact.id, action: 'update' }),
      ]);
      const emails = await t.dataSource
        .getRepository(OutboxEmail)
        .findBy({ template: 'estimate_accepted', customerId: a.customer.id });
      const recipients = emails.map((e) => e.toEmail);
      expect(recipients).toEqual(expect.arrayContaining([assigned.email, editor.email]));
      expect(recipients).not.toContain(bystander.email);
      expect(emails.find((e) => e.toEmail === editor.email)).toMatchObject({
        language: 'fr',
        contactId: a.contact.id,
      });
      expect(emails[0].context).toMatchObject({ estimateNumber: a.estimate.number, acceptedByName: 'Maria Weber' });
      const again = await t.post(`portal/estimates/${a.estimate.id}/decline`, {}, { token: a.token });
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('ESTIMATE_STATUS_CONFLICT');
    });

    it('declines with an optional reason', async () => {
      const a = await company();
      const res = await t.post(
        `portal/estimates/${a.estimate.id}/decline`,
        { reason: 'Over our budget' },
        { token: a.token },
      );
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'declined', declineReason: 'Over our budget', acceptedByName: null });
      const other = await make.estimate({ customerId: a.customer.id });
      const bare = await t.post(`portal/estimates/${other.id}/decline`, undefined, { token: a.token });
      expect(bare.status).toBe(200);
      expect(bare.body.declineReason).toBeNull();
      const email = await t.dataSource
        .getRepository(OutboxEmail)
        .findOneBy({ template: 'estimate_declined', customerId: a.customer.id });
      expect(email).not.toBeNull();
    });

    it('refuses to accept an expired estimate (409), which may still be declined', async () => {
      const a = await company();
      const expired = await make.estimate({ customerId: a.customer.id, date: '2020-01-01', expiryDate: '2020-01-31' });
      const res = await t.post(`portal/estimates/${expired.id}/accept`, { name: 'Late' }, { token: a.token });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('ESTIMATE_EXPIRED');
      expect((await t.post(`portal/estimates/${expired.id}/decline`, {}, { token: a.token })).status).toBe(200);
    });

    it('refuses a login as client (403): nobody answers an estimate in the customer name', async () => {
      const a = await company();
      const asClient = await t.post(`customers/${a.customer.id}/login-as-client`, {}, { token: admin });
      expect(asClient.status).toBe(200);
      const token = asClient.body.accessToken as string;
      expect((await get(`portal/estimates/${a.estimate.id}`, token)).status).toBe(200);
      for (const [verb, body] of [
        ['accept', { name: 'Admin' }],
        ['decline', {}],
      ] as const) {
        const res = await t.post(`portal/estimates/${a.estimate.id}/${verb}`, body, { token });
        expect(res.status).toBe(403);
        expect(res.body.code).toBe('IMPERSONATION_CANNOT_ANSWER_ESTIMATE');
      }
      expect((await get(`portal/estimates/${a.estimate.id}`, a.token)).body.status).toBe('sent');
    });

    it('validates the name', async () => {
      const a = await company();
      for (const body of [{}, { name: '' }, { name: 'x'.repeat(201) }, { name: 12 }])
        expect((await t.post(`portal/estimates/${a.estimate.id}/accept`, body, { token: a.token })).status).toBe(400);
    });

    it('lets one of concurrent answers win; the others get 409', async () => {
      const a = await company();
      const colleague = await make.signedInContact({ customerId: a.customer.id, isPrimary: false });
      const answers = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          i % 2 === 0
            ? t.post(`portal/estimates/${a.estimate.id}/accept`, { name: `Signer ${i}` }, { token: a.token })
            : t.post(`portal/estimates/${a.estimate.id}/decline`, { reason: `No ${i}` }, { token: colleague.token }),
        ),
      );
      const statuses = answers.map((r) => r.status).sort();
      expect(statuses).toEqual([200, 409, 409, 409, 409, 409]);
      const trail = await t.dataSource
        .getRepository(AuditEvent)
        .findBy({ entityId: a.estimate.id, actorType: 'contact' });
      expect(trail).toHaveLength(1);
      const emails = await t.dataSource.getRepository(OutboxEmail).findBy({ customerId: a.customer.id });
      expect(emails.filter((e) => e.template.startsWith('estimate_')).length).toBeGreaterThan(0);
      expect(new Set(emails.filter((e) => e.template.startsWith('estimate_')).map((e) => e.template)).size).toBe(1);
    });
  });
});
