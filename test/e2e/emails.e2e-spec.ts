import { Given, startAsAdmin } from '../factories/given';
import { TestApp } from '../helpers/test-app';

describe('emails: the outbox list and retries', () => {
  let t: TestApp;
  let make: Given;
  let admin: string;

  beforeAll(async () => ({ t, make, admin } = await startAsAdmin()));
  afterAll(() => t.close());

  it('lists newest first, filtered by status, recipient and customer', async () => {
    const customer = await make.customer();
    const older = await make.email({ customerId: customer.id, status: 'sent', toEmail: 'ana@list.example' });
    const newer = await make.email({ customerId: customer.id, status: 'failed', toEmail: 'ben@list.example' });
    const unrelated = await make.email({ status: 'queued', toEmail: 'ana@list.example' });

    const all = await t.get('emails?pageSize=100', { token: admin });
    expect(all.status).toBe(200);
    const ids = all.body.data.map((e: { id: string }) => e.id);
    expect(ids.indexOf(unrelated.id)).toBeLessThan(ids.indexOf(newer.id));
    expect(ids.indexOf(newer.id)).toBeLessThan(ids.indexOf(older.id));

    const failed = await t.get(`emails?status=failed&customerId=${customer.id}`, { token: admin });
    expect(failed.body.data.map((e: { id: string }) => e.id)).toEqual([newer.id]);
    expect(failed.body.data[0]).toMatchObject({
      recipientEmail: 'ben@list.example',
      status: 'failed',
      attempts: 8,
      lastError: 'Error: connect ECONNREFUSED',
      customerId: customer.id,
    });
    expect(failed.body.meta).toMatchObject({ total: 1 });

    const toAna = await t.get('emails?recipient=ANA@list.example', { token: admin });
    expect(toAna.body.data.map((e: { id: string }) => e.id).sort()).toEqual([older.id, unrelated.id].sort());

    expect((await t.get('emails?status=lost', { token: admin })).status).toBe(400);
    expect((await t.get('emails?unknown=1', { token: admin })).status).toBe(400);
  });

  it('shows staff with customers.view_own the emails of their customers only, and nothing about no customer', async () => {
    const own = await make.staff({ permissions: ['emails.view', 'customers.view_own'] });
    const mine = await make.customer({ admins: [own.staff.id] });
    const other = await make.customer();
    const visible = await make.email({ customerId: mine.id });
    await make.email({ customerId: other.id });
    await make.email({ customerId: null });

    const list = await t.get('emails?pageSize=100', { token: await own.token() });
    expect(list.status).toBe(200);
    expect(list.body.data.map((e: { id: string }) => e.id)).toEqual([visible.id]);

    const viewer = await make.staff({ permissions: ['emails.view', 'customers.view'] });
    const everything = await t.get('emails?pageSize=100', { token: await viewer.token() });
    expect(everything.body.meta.total).toBeGreaterThanOrEqual(3);

    const noCustomers = await make.staff({ permissions: ['emails.view'] });
    const nothing = await t.get('emails', { token: await noCustomers.token() });
    expect(nothing.body).toMatchObject({ data: [], meta: { total: 0 } });
  });

  it('queues a failed email again; anything else is a 409, and a hidden one a 404', async () => {
    const editor = await make.staff({ permissions: ['emails.edit', 'customers.view_own'] });
    const token = await editor.token();
    const mine = await make.customer({ admins: [editor.staff.id] });
    const failed = await make.email({ customerId: mine.id });

    const retried = await t.post(`emails/${failed.id}/retry`, undefined, { token });
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ id: failed.id, status: 'queued', attempts: 0 });
    const [row] = await t.dataSource.query('SELECT status, attempts, last_error FROM email_outbox WHERE id = ?', [
      failed.id,
    ]);
    expect(row).toMatchObject({ status: 'queued', last_error: 'Error: connect ECONNREFUSED' });
    expect(Number(row.attempts)).toBe(0);

    const again = await t.post(`emails/${failed.id}/retry`, undefined, { token });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'EMAIL_NOT_FAILED', status: 409, emailStatus: 'queued' });

    const hidden = await make.email({ customerId: (await make.customer()).id });
    expect((await t.post(`emails/${hidden.id}/retry`, undefined, { token })).status).toBe(404);
    expect((await t.post(`emails/${hidden.id}/retry`, undefined, { token: admin })).status).toBe(200);
  });
});
