import { uuidv7 } from '@app/common';
import { registeredRoutes } from '../../src/create-app';
import type { Capability } from '../../src/permissions/capabilities';
import { Access, ROUTE_ACCESS } from '../authz/route-access';
import { Given, given } from '../factories/given';
import { TestApp, startTestApp } from '../helpers/test-app';

const DENIED = [401, 403];
const HIDDEN = [401, 403, 404];

function apiRoutes(t: TestApp): string[] {
  const keys = registeredRoutes(t.app)
    .filter((r) => r.url.startsWith('/api/v1/') && !['HEAD', 'OPTIONS'].includes(r.method))
    .map((r) => `${r.method} ${r.url}`);
  return [...new Set(keys)].sort();
}

describe('authorisation matrix: every route, every actor', () => {
  let t: TestApp;
  let make: Given;
  let customers: Given;
  let noCapabilities: string;
  let admin: string;
  let adminId: string;
  const holders = new Map<string, { id: string; token: string }>();

  /** One staff member per set of capabilities, reused across routes. */
  const holderOf = async (...permissions: Capability[]) => {
    const key = [...permissions].sort().join(' ');
    if (!holders.has(key)) {
      const member = await make.staff({ permissions });
      holders.set(key, { id: member.staff.id, token: await member.token() });
    }
    return holders.get(key)!;
  };

  const call = async (route: string, token?: string, params: Record<string, string> = {}, body?: object) => {
    const [method, url] = route.split(' ');
    const path = url.replace(/:([A-Za-z]+)/g, (_m, name: string) => params[name] ?? uuidv7());
    const payload = body ?? (['POST', 'PUT', 'PATCH'].includes(method) ? {} : undefined);
    return t.request(method, path, { body: payload, token });
  };

  beforeAll(async () => {
    t = await startTestApp();
    make = given(t);
    customers = given(t);
    noCapabilities = await (await make.staff({ permissions: [] })).token();
    const administrator = await make.admin();
    admin = await administrator.token();
    adminId = administrator.staff.id;
  });
  afterAll(() => t.close());

  it('declares every registered route, and registers every declared one', () => {
    expect(apiRoutes(t)).toEqual(Object.keys(ROUTE_ACCESS).sort());
  });

  const cases = Object.entries(ROUTE_ACCESS) as Array<[string, Access]>;

  describe('capabilities: anonymous, no capabilities, the route capability, administrator', () => {
    it.each(cases)('%s', async (route, access) => {
      const anonymous = await call(route);
      if (access.kind === 'public') {
        expect(DENIED).not.toContain(anonymous.status);
        return;
      }
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('content-type')).toContain('application/problem+json');
      expect(anonymous.headers.get('www-authenticate')).toBe('Bearer');

      const bare = await call(route, noCapabilities);
      if (access.kind === 'signed-in') {
        expect(DENIED).not.toContain(bare.status);
      } else {
        expect(bare.status).toBe(403);
        expect(bare.body.code).toBe('FORBIDDEN');
      }

      if (access.kind === 'capability') {
        for (const capability of access.anyOf) {
          const allowed = await call(route, (await holderOf(capability)).token);
          expect(`${capability}: ${allowed.status}`).not.toMatch(/: 40[13]$/);
        }
      }
      const asAdmin = await call(route, admin);
      expect(DENIED).not.toContain(asAdmin.status);
    });
  });

  const scoped = cases.filter(([, access]) => access.kind === 'capability' && access.customerScoped);

  describe('customer scope: view_own assigned, view_own unassigned, view only', () => {
    /** Path parameters on a customer; a note (`:noteId`) is written by `author`, who then owns it. */
    const paramsOn = async (route: string, customerId: string, author: string) => {
      const params: Record<string, string> = { id: customerId, staffId: adminId };
      if (route.includes(':noteId')) {
        const note = await t.post(`customers/${customerId}/notes`, { text: 'Matrix note' }, { token: author });
        if (note.status !== 201) throw new Error(`note fixture failed: ${note.status}`);
        params.noteId = note.body.id;
      }
      return params;
    };

    it.each(scoped)('%s', async (route, access) => {
      if (access.kind !== 'capability') throw new Error('scoped routes need a capability');
      const method = route.split(' ')[0];
      const body = access.body && JSON.parse(JSON.stringify(access.body).replace(/":staff"/g, `"${adminId}"`));
      // customers.view sees every customer; the viewer below covers it.
      for (const capability of access.anyOf.filter((c) => c !== 'customers.view')) {
        const own = await holderOf(capability, 'customers.view_own');
        const stranger = await holderOf(capability, 'customers.view_own', 'reports.view');
        const mine = await customers.customer({ admins: [own.id, adminId] });
        const assigned = await call(route, own.token, await paramsOn(route, mine.id, own.token), body);
        expect(`${capability} assigned: ${assigned.status}`).not.toMatch(/: 40[134]$/);

        const other = await customers.customer({ admins: [own.id, adminId] });
        const unassigned = await call(route, stranger.token, await paramsOn(route, other.id, admin), body);
        expect(`${capability} unassigned: ${unassigned.status}`).toMatch(/: 404$/);
        expect(unassigned.body.code).toBe('NOT_FOUND');
      }
      const viewer = await holderOf('customers.view');
      const anyCustomer = await customers.customer({ admins: [adminId] });
      const asViewer = await call(route, viewer.token, await paramsOn(route, anyCustomer.id, viewer.token), body);
      if (method === 'GET' || access.viewerWrites) expect(HIDDEN).not.toContain(asViewer.status);
      else expect(asViewer.status).toBe(403);
    });
  });
});
