import { randomBytes } from 'node:crypto';
import { Contact } from '../../src/contacts/contact.entity';
import { Given, startAsAdmin } from '../factories/given';
import { TestApp } from '../helpers/test-app';

const unique = () => randomBytes(4).toString('hex');
const ROUNDS = 10;

/**
 * Concurrent contact changes of one customer, through the real application on this run's
 * engine (SQLite, or MariaDB with TEST_MYSQL_URL): whatever interleaves, a customer with
 * contacts has exactly one primary contact, and emails stay unique.
 */
describe('contacts under concurrent changes', () => {
  let t: TestApp;
  let make: Given;
  let admin: string;

  beforeAll(async () => ({ t, make, admin } = await startAsAdmin()));
  afterAll(() => t.close());

  const primariesOf = async (customerId: string) =>
    (await t.dataSource.getRepository(Contact).findBy({ customerId, isPrimary: true })).map((c) => c.id);

  it(`keeps exactly one primary contact when several are made primary at once (${ROUNDS} rounds)`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const customer = await make.customer();
      await make.contact({ customerId: customer.id });
      const others = await Promise.all(
        [0, 1, 2].map(() => make.contact({ customerId: customer.id, isPrimary: false })),
      );
      const answers = await Promise.all(
        others.map((c) => t.request('PATCH', `contacts/${c.id}`, { body: { isPrimary: true }, token: admin })),
      );
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
      const primaries = await primariesOf(customer.id);
      expect(primaries).toHaveLength(1);
      expect(others.map((c) => c.id)).toContain(primaries[0]);
    }
  });

  it(`makes exactly one of the first contacts added at once primary (${ROUNDS} rounds)`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const customer = await make.customer();
      const answers = await Promise.all(
        [0, 1, 2].map(() =>
          t.post(
            `customers/${customer.id}/contacts`,
            { firstName: 'Race', lastName: 'Runner', email: `race-${unique()}@example.test` },
            { token: admin },
          ),
        ),
      );
      expect(answers.map((a) => a.status)).toEqual([201, 201, 201]);
      expect(await primariesOf(customer.id)).toHaveLength(1);
      expect(answers.filter((a) => a.body.isPrimary)).toHaveLength(1);
    }
  });

  it(`keeps exactly one primary when a primary is deleted while another is made primary (${ROUNDS} rounds)`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const customer = await make.customer();
      const primary = await make.contact({ customerId: customer.id });
      const [a, b] = await Promise.all([0, 1].map(() => make.contact({ customerId: customer.id, isPrimary: false })));
      const answers = await Promise.all([
        t.request('DELETE', `contacts/${primary.id}`, { token: admin }),
        t.request('PATCH', `contacts/${b.id}`, { body: { isPrimary: true }, token: admin }),
        t.request('PATCH', `contacts/${a.id}`, { body: { isPrimary: true }, token: admin }),
      ]);
      expect(answers.map((r) => r.status)).toEqual([204, 200, 200]);
      expect(await primariesOf(customer.id)).toHaveLength(1);
    }
  });

  it('lets one of two contacts with the same email in, whatever the case', async () => {
    const [one, two] = await Promise.all([make.customer(), make.customer()]);
    const email = `same-${unique()}@example.test`;
    const answers = await Promise.all(
      [
        [one.id, email],
        [two.id, email.toUpperCase()],
      ].map(([customerId, address]) =>
        t.post(
          `customers/${customerId}/contacts`,
          { firstName: 'Twin', lastName: 'Mail', email: address },
          { token: admin },
        ),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
    expect(answers.find((a) => a.status === 409)!.body.code).toBe('CONTACT_EMAIL_TAKEN');
  });
});
