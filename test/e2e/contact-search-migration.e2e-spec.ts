import { ContactSearch1764000500000 } from '../../migrations/1764000500000-contact-search';
import { given } from '../factories/given';
import { TestApp, startTestApp } from '../helpers/test-app';

/** Contacts stored before the name keys existed get them when the migration runs. */
describe('migration: contact name keys', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('fills the keys of existing contacts, folded, on both engines', async () => {
    const customer = await given(t).customer();
    const migration = new ContactSearch1764000500000();
    const runner = t.dataSource.createQueryRunner();
    try {
      await migration.down(runner);
      await runner.query(
        `INSERT INTO contacts (id, customer_id, first_name, last_name, email, email_key, phone, title, password_hash,
           is_primary, active, permissions, email_notifications, last_login_at, version, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, NULL, NULL, NULL, ?, ?, ?, ?, NULL, 1, ?, ?)`,
        [
          '0190f5f2-7c1e-7a3b-9d4e-5f6a7b8c9d01',
          customer.id,
          ' Jürgen ',
          'Straße',
          'jurgen@example.test',
          'jurgen@example.test',
          true,
          true,
          '["invoices"]',
          '{}',
          '2026-01-01 00:00:00.000',
          '2026-01-01 00:00:00.000',
        ],
      );
      await migration.up(runner);
      const [row] = await runner.query('SELECT first_name_key, last_name_key FROM contacts WHERE id = ?', [
        '0190f5f2-7c1e-7a3b-9d4e-5f6a7b8c9d01',
      ]);
      expect(row).toEqual({ first_name_key: 'jurgen', last_name_key: 'strasse' });
    } finally {
      await runner.release();
    }
    const pending = await t.dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries).toHaveLength(0);
  });
});
