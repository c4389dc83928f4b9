import { randomBytes } from 'node:crypto';
import type { Capability } from '../../src/permissions/capabilities';
import { Staff } from '../../src/staff/staff.entity';
import { Given, startAsAdmin } from '../factories/given';
import { expectProblem } from '../helpers/problems';
import { TestApp } from '../helpers/test-app';

const unique = () => randomBytes(4).toString('hex');
const NEW_PASSWORD = 'a-brand-new-password';
const ROUNDS = 12;

/**
 * Sequences of requests that are each allowed on their own and together would give someone
 * a capability, an account or the last administrator's seat that the rules deny.
 */
describe('staff: no capability gained sideways, no account taken over', () => {
  let t: TestApp;
  let make: Given;
  let admin: string;

  beforeAll(async () => ({ t, make, admin } = await startAsAdmin()));
  afterAll(() => t.close());

  const rows = () => t.dataSource.getRepository(Staff);
  const rowOf = (id: string) => rows().findOneByOrFail({ id });
  const patch = (path: string, body: unknown, token: string) => t.request('PATCH', path, { body, token });
  const signIn = (email: string, password: string) => t.post('auth/login', { email, password });

  /** A role made by an administrator. */
  const role = async (permissions: Capability[]) => {
    const res = await t.post('roles', { name: `Role ${unique()}`, permissions }, { token: admin });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };

  /** A member of the role holding only `permissions`, put there by an administrator. */
  const memberOf = async (roleId: string, permissions: Capability[]) => {
    const res = await t.post(
      'staff',
      {
        email: `member-${unique()}@example.test`,
        firstName: 'Mia',
        lastName: 'Member',
        password: 'a-long-enough-password',
        roleId,
        permissions,
      },
      { token: admin },
    );
    expect(res.status).toBe(201);
    return res.body.id as string;
  };

  describe('capabilities gained sideways: 403 PERMISSION_ESCALATION', () => {
    it('refuses joining a role that holds more than the joiner and the editor, even with unchanged permissions', async () => {
      const strong = await role(['customers.view', 'invoices.delete', 'settings.edit']);
      const editor = await make.staff({ permissions: ['staff.edit', 'customers.view'] });
      const token = await editor.token();

      const res = await patch(
        `staff/${editor.staff.id}`,
        { roleId: strong, permissions: ['staff.edit', 'customers.view'] },
        token,
      );

      expectProblem(res, 403, 'PERMISSION_ESCALATION');
      expect(res.body.permissions).toEqual(['invoices.delete', 'settings.edit']);
      expect((await rowOf(editor.staff.id)).roleId).toBeNull();
      // the second step then has no member to apply the role to
      expect((await patch(`roles/${strong}`, { applyToStaff: true }, token)).status).toBe(200);
      const me = await t.get('auth/me', { token });
      expect(me.body.permissions).toEqual(['customers.view', 'staff.edit']);
    });

    it('refuses applying a role to members who hold less than it, when the editor lacks the difference', async () => {
      const strong = await role(['customers.view', 'invoices.delete', 'settings.edit']);
      const member = await memberOf(strong, ['customers.view']);
      const editor = await make.staff({ permissions: ['staff.edit', 'customers.view'] });
      const token = await editor.token();

      const bare = await patch(`roles/${strong}`, { applyToStaff: true }, token);
      expectProblem(bare, 403, 'PERMISSION_ESCALATION');
      expect(bare.body.permissions).toEqual(['invoices.delete', 'settings.edit']);
      expect((await rowOf(member)).permissions).toEqual(['customers.view']);

      // capabilities the editor holds may be applied: nothing beyond them reaches anyone
      const within = await patch(`roles/${strong}`, { permissions: ['staff.edit'], applyToStaff: true }, token);
      expect(within.status).toBe(200);
      expect((await rowOf(member)).permissions).toEqual(['staff.edit']);
    });

    it('refuses creating a member of a role beyond the creator, even with permissions the creator holds', async () => {
      const strong = await role(['customers.view', 'settings.edit']);
      const creator = await make.staff({ permissions: ['staff.create', 'customers.view'] });
      const email = `joiner-${unique()}@example.test`;

      const res = await t.post(
        'staff',
        {
          email,
          firstName: 'Jo',
          lastName: 'Joiner',
          password: 'a-long-enough-password',
          roleId: strong,
          permissions: ['customers.view'],
        },
        { token: await creator.token() },
      );

      expectProblem(res, 403, 'PERMISSION_ESCALATION');
      expect(res.body.permissions).toEqual(['settings.edit']);
      expect(await rows().existsBy({ emailKey: email })).toBe(false);
    });

    it('refuses reactivating a member who would hold capabilities the editor lacks', async () => {
      const dormant = await make.staff({ permissions: ['customers.view', 'settings.edit'], active: false });
      const editor = await make.staff({ permissions: ['staff.edit', 'customers.view'] });

      const res = await patch(`staff/${dormant.staff.id}`, { active: true }, await editor.token());

      expectProblem(res, 403, 'PERMISSION_ESCALATION');
      expect(res.body.permissions).toEqual(['settings.edit']);
      expect((await rowOf(dormant.staff.id)).active).toBe(false);
      expect((await signIn(dormant.email, dormant.password)).status).toBe(401);
    });
  });

  describe('acting as someone stronger: 403 STAFF_OUTRANKS_YOU', () => {
    const stronger = () => make.staff({ permissions: ['customers.view', 'settings.edit', 'invoices.delete'] });
    const editorOf = (...extra: Capability[]) =>
      make.staff({ permissions: ['staff.edit', 'customers.view', ...extra] });

    it('refuses setting the password of someone holding capabilities the editor lacks', async () => {
      const target = await stronger();
      const editor = await editorOf();

      const res = await patch(`staff/${target.staff.id}`, { password: NEW_PASSWORD }, await editor.token());

      expectProblem(res, 403, 'STAFF_OUTRANKS_YOU');
      expect(res.body.permissions).toEqual(['invoices.delete', 'settings.edit']);
      expect((await signIn(target.email, NEW_PASSWORD)).status).toBe(401);
      expect((await signIn(target.email, target.password)).status).toBe(200);
    });

    it('refuses changing the email of someone holding capabilities the editor lacks', async () => {
      const target = await stronger();
      const editor = await editorOf();
      const email = `taken-over-${unique()}@example.test`;

      const res = await patch(`staff/${target.staff.id}`, { email }, await editor.token());

      expectProblem(res, 403, 'STAFF_OUTRANKS_YOU');
      expect((await rowOf(target.staff.id)).email).toBe(target.email);
    });

    it('refuses the credentials of an inactive member who would hold more once reactivated', async () => {
      const target = await make.staff({ permissions: ['settings.edit'], active: false });
      const editor = await editorOf();

      const res = await patch(`staff/${target.staff.id}`, { password: NEW_PASSWORD }, await editor.token());

      expectProblem(res, 403, 'STAFF_OUTRANKS_YOU');
      expect(res.body.permissions).toEqual(['settings.edit']);
    });

    it('refuses deactivating someone holding capabilities the editor lacks', async () => {
      const target = await stronger();
      const editor = await editorOf();

      const res = await patch(`staff/${target.staff.id}`, { active: false }, await editor.token());

      expectProblem(res, 403, 'STAFF_OUTRANKS_YOU');
      expect((await rowOf(target.staff.id)).active).toBe(true);
      expect((await signIn(target.email, target.password)).status).toBe(200);
    });

    it('refuses deleting someone holding capabilities the deleter lacks', async () => {
      const target = await stronger();
      const deleter = await make.staff({ permissions: ['staff.delete', 'customers.view'] });

      const res = await t.request('DELETE', `staff/${target.staff.id}`, { token: await deleter.token() });

      expectProblem(res, 403, 'STAFF_OUTRANKS_YOU');
      expect(await rows().existsBy({ id: target.staff.id })).toBe(true);
    });

    it("allows all of it to an editor holding everything the other holds, and one's own credentials to anyone", async () => {
      const target = await stronger();
      const editor = await editorOf('settings.edit', 'invoices.delete');
      const token = await editor.token();

      const changed = await patch(`staff/${target.staff.id}`, { password: NEW_PASSWORD }, token);
      expect(changed.status).toBe(200);
      expect((await signIn(target.email, NEW_PASSWORD)).status).toBe(200);
      expect((await patch(`staff/${target.staff.id}`, { active: false }, token)).status).toBe(200);

      const self = await make.staff({ permissions: ['staff.edit'] });
      const own = await patch(`staff/${self.staff.id}`, { password: NEW_PASSWORD }, await self.token());
      expect(own.status).toBe(200);
      expect((await signIn(self.email, NEW_PASSWORD)).status).toBe(200);

      // names are not credentials: the weaker editor may still correct them
      const renamed = await patch(
        `staff/${target.staff.id}`,
        { lastName: 'Renamed' },
        await (await editorOf()).token(),
      );
      expect(renamed.status).toBe(200);
    });
  });

  describe('at least one active administrator, whatever runs at once', () => {
    /** Exactly two active administrators, each signed in. */
    const pair = async () => {
      await rows().update({ isAdmin: true }, { active: false });
      const [a, b] = await Promise.all([make.admin(), make.admin()]);
      return [
        { id: a.staff.id, token: await a.token() },
        { id: b.staff.id, token: await b.token() },
      ];
    };
    const activeAdministrators = () => rows().countBy({ isAdmin: true, active: true });

    const removals: Array<[string, (token: string, id: string) => Promise<unknown>]> = [
      ['demoting', (token, id) => patch(`staff/${id}`, { isAdmin: false }, token)],
      ['deactivating', (token, id) => patch(`staff/${id}`, { active: false }, token)],
      ['deleting', (token, id) => t.request('DELETE', `staff/${id}`, { token })],
    ];

    it.each(removals)(
      `keeps one when two administrators are %s each other at once (${ROUNDS} rounds)`,
      async (_name, remove) => {
        const survivors: number[] = [];
        for (let round = 0; round < ROUNDS; round++) {
          const [a, b] = await pair();
          await Promise.all([remove(a.token, b.id), remove(b.token, a.id)]);
          survivors.push(await activeAdministrators());
        }
        expect(survivors).toEqual(Array(ROUNDS).fill(1));
      },
    );

    it(`keeps one when each of two administrators demotes the other and deactivates themselves at once (${ROUNDS} rounds)`, async () => {
      const survivors: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const [a, b] = await pair();
        await Promise.all([
          patch(`staff/${b.id}`, { isAdmin: false }, a.token),
          patch(`staff/${a.id}`, { isAdmin: false }, b.token),
          patch(`staff/${a.id}`, { active: false }, a.token),
          patch(`staff/${b.id}`, { active: false }, b.token),
        ]);
        survivors.push(await activeAdministrators());
      }
      expect(survivors).toEqual(Array(ROUNDS).fill(1));
    });
  });
});
