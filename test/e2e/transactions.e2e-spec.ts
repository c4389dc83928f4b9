import { TransactionalConnection } from '@app/database';
import { AuditEvent } from '../../src/audit/audit-event.entity';
import { Customer } from '../../src/customers/customer.entity';
import { Staff } from '../../src/staff/staff.entity';
import { SystemSetting } from '../../src/system/system-setting.entity';
import { given } from '../factories/given';
import { TestApp, emptyTables, startTestApp } from '../helpers/test-app';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('transaction helper on the real database', () => {
  let t: TestApp;
  let tx: TransactionalConnection;

  beforeAll(async () => {
    t = await startTestApp();
    tx = t.app.get(TransactionalConnection);
  });
  beforeEach(() => emptyTables(t.dataSource));
  afterAll(() => t.close());

  const setting = (key: string, value = key) => ({ key, value, updatedAt: new Date() });
  const keys = async () =>
    (await t.dataSource.getRepository(SystemSetting).find({ order: { key: 'ASC' } })).map((s) => s.key);

  it("keeps one transaction's rollback from undoing a concurrent transaction's writes", async () => {
    const failing = tx.transaction(async () => {
      await tx.manager.insert(SystemSetting, setting('a'));
      await pause(30);
      throw new Error('rolled back');
    });
    const committing = tx.transaction(async () => {
      await pause(5);
      await tx.manager.insert(SystemSetting, setting('b'));
    });
    const [a, b] = await Promise.allSettled([failing, committing]);
    expect(a.status).toBe('rejected');
    expect(b.status).toBe('fulfilled');
    expect(await keys()).toEqual(['b']);
  });

  it('lets code called inside a transaction join it through the connection', async () => {
    const writeThroughHelper = () => tx.getRepository(SystemSetting).insert(setting('inner'));
    await expect(
      tx.transaction(async () => {
        await tx.manager.insert(SystemSetting, setting('outer'));
        await tx.transaction(() => writeThroughHelper());
        expect(tx.inTransaction).toBe(true);
        throw new Error('undo both');
      }),
    ).rejects.toThrow('undo both');
    expect(await keys()).toEqual([]);
    expect(tx.inTransaction).toBe(false);
  });

  it('completes two transactions that lock rows in opposite order (deadlock retried on MySQL)', async () => {
    await tx.transaction(() => tx.manager.insert(SystemSetting, [setting('x', '0'), setting('y', '0')]));
    const update = (first: string, second: string, value: string) =>
      tx.transaction(async () => {
        await tx.manager.update(SystemSetting, { key: first }, { value });
        await pause(100);
        await tx.manager.update(SystemSetting, { key: second }, { value });
      });
    await Promise.all([update('x', 'y', '1'), update('y', 'x', '2')]);
    const rows = await t.dataSource.getRepository(SystemSetting).find({ order: { key: 'ASC' } });
    expect(rows.map((r) => r.value)).toEqual([rows[0].value, rows[0].value]);
    expect(['1', '2']).toContain(rows[0].value);
  });

  it('runs a commit step last in each outermost transaction begun within its scope, committing or failing with it', async () => {
    const steps: string[] = [];
    const step = async () => {
      steps.push('step');
      await tx.getRepository(SystemSetting).insert(setting(`step-${steps.length}`));
    };
    await tx.withCommitStep(step, async () => {
      await tx.transaction(async () => {
        await tx.manager.insert(SystemSetting, setting('one'));
        await tx.transaction(() => tx.getRepository(SystemSetting).insert(setting('nested')));
        steps.push('work');
      });
      await tx.transaction(() => tx.manager.insert(SystemSetting, setting('two')));
    });
    expect(steps).toEqual(['work', 'step', 'step']);
    expect(await keys()).toEqual(['nested', 'one', 'step-2', 'step-3', 'two']);

    const failing = async () => {
      throw new Error('step refused');
    };
    await expect(
      tx.withCommitStep(failing, () => tx.transaction(() => tx.manager.insert(SystemSetting, setting('undone')))),
    ).rejects.toThrow('step refused');
    await tx.transaction(() => tx.manager.insert(SystemSetting, setting('outside')));
    expect(await keys()).toEqual(['nested', 'one', 'outside', 'step-2', 'step-3', 'two']);

    const lateRefusal = async () => {
      await tx.getRepository(SystemSetting).insert(setting('step-undone'));
      throw new Error('late refusal');
    };
    await expect(
      tx.withCommitStep(lateRefusal, () => tx.transaction(() => tx.getRepository(SystemSetting).insert(setting('x')))),
    ).rejects.toThrow('late refusal');
    expect(await keys()).toEqual(['nested', 'one', 'outside', 'step-2', 'step-3', 'two']);
  });

  it('inserts and reads rows as TypeORM does (booleans, dates, JSON, embedded columns, NULLs)', async () => {
    const customer = await given(t).customer({ vat: 'DE 1', groupIds: [] });
    const [read] = await tx.select(Customer, 'WHERE id = ? LIMIT 1', [customer.id]);
    expect(read).toEqual(await t.dataSource.getRepository(Customer).findOneByOrFail({ id: customer.id }));
    expect(read).toBeInstanceOf(Customer);

    const { staff } = await given(t).staff();
    const [profile] = await tx.select(
      Staff,
      'WHERE id = ? AND active = ? LIMIT 1',
      [staff.id, true],
      ['id', 'isAdmin', 'permissions', 'lastLoginAt', 'createdAt'],
    );
    const stored = await t.dataSource.getRepository(Staff).findOneByOrFail({ id: staff.id });
    expect(profile).toEqual({
      id: stored.id,
      isAdmin: stored.isAdmin,
      permissions: stored.permissions,
      lastLoginAt: stored.lastLoginAt,
      createdAt: stored.createdAt,
    });

    const at = new Date('2026-01-02T03:04:05.678Z');
    const events = [1, 2].map((n) =>
      Object.assign(new AuditEvent(), {
        id: `0190a000-0000-7000-8000-00000000000${n}`,
        customerId: customer.id,
        entityType: 'customer',
        entityId: customer.id,
        action: 'update',
        actorType: 'system',
        actorId: null,
        onBehalfOf: null,
        changes: [{ field: 'company', before: 'Ä', after: n }],
        createdAt: at,
      }),
    );
    await tx.transaction(() => tx.insert(AuditEvent, events));
    const written = await t.dataSource
      .getRepository(AuditEvent)
      .find({ where: { customerId: customer.id }, order: { id: 'ASC' } });
    expect(written).toEqual(events);
  });
});
