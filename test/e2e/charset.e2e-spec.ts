import { createConnection } from 'mysql2/promise';
import { given } from '../factories/given';
import { TestApp, startTestApp } from '../helpers/test-app';
import { MYSQL_BASE_URL, onMysql, workerDatabaseUrl } from '../helpers/test-database';

/**
 * Every text column stores any Unicode text, four-byte characters included, even on a
 * MySQL/MariaDB database created with another default character set.
 */
describe('text columns take any Unicode text', () => {
  let t: TestApp;
  let database: string;

  const server = async <T>(work: (run: (sql: string) => Promise<any>) => Promise<T>): Promise<T> => {
    const url = new URL(MYSQL_BASE_URL!);
    url.pathname = '/';
    const connection = await createConnection({ uri: url.toString() });
    try {
      return await work(async (sql) => (await connection.query(sql))[0]);
    } finally {
      await connection.end();
    }
  };

  beforeAll(async () => {
    if (onMysql()) {
      const url = new URL(workerDatabaseUrl());
      database = `${url.pathname.slice(1)}_latin1`;
      await server(async (run) => {
        await run(`DROP DATABASE IF EXISTS \`${database}\``);
        await run(`CREATE DATABASE \`${database}\` CHARACTER SET latin1 COLLATE latin1_swedish_ci`);
      });
      url.pathname = `/${database}`;
      t = await startTestApp({ DATABASE_URL: url.toString() });
    } else {
      t = await startTestApp();
    }
  });
  afterAll(async () => {
    await t.close();
    if (onMysql()) await server((run) => run(`DROP DATABASE IF EXISTS \`${database}\``));
  });

  it('stores and answers four-byte characters through the API', async () => {
    const token = await (await given(t).admin()).token();
    const name = '😀 Grüße 𝄞 ❤️';
    const created = await t.post('customer-groups', { name }, { token });
    expect(created.status).toBe(201);
    expect((await t.get(`customer-groups/${created.body.id}`, { token })).body.name).toBe(name);
  });

  (onMysql() ? it : it.skip)('creates every text column in utf8mb4 on a database made with latin1', async () => {
    const columns: Array<{ table: string; column: string; charset: string }> = await t.dataSource.query(
      `SELECT TABLE_NAME AS \`table\`, COLUMN_NAME AS \`column\`, CHARACTER_SET_NAME AS charset
         FROM information_schema.COLUMNS
        WHERE TABLE_SCHEMA = DATABASE() AND CHARACTER_SET_NAME IS NOT NULL`,
    );
    expect(columns.length).toBeGreaterThan(20);
    expect(columns.filter((c) => c.charset !== 'utf8mb4')).toEqual([]);
  });
});
