import { uuidv7 } from '@app/common';
import { registeredRoutes } from '../../src/create-app';
import type { Capability } from '../../src/permissions/capabilities';
import { Given, given } from '../factories/given';
import { ApiResponse, TestApp, startTestApp } from '../helpers/test-app';
import { Access, ROUTE_ACCESS } from './route-access';

/**
 * The matrix runs in one spec file per group (`test/e2e/authz-<group>.e2e-spec.ts`), so the
 * groups run in parallel. A group takes the routes under its path prefixes (whole segments
 * after `/api/v1/`); every declared route must fall in exactly one group.
 */
export const ROUTE_GROUPS = {
  staff: ['health', 'auth', 'portal', 'permissions', 'staff', 'roles'],
  reference: ['currencies', 'customer-groups', 'languages', 'settings', 'email-templates', 'reports'],
  customers: ['customers', 'contacts', 'emails'],
  documents: ['invoices', 'estimates', 'credit-notes', 'payments'],
} satisfies Record<string, string[]>;

export type RouteGroup = keyof typeof ROUTE_GROUPS;

const API = '/api/v1/';

/** Whether `route` ("METHOD /api/v1/...") lies under `prefix`, compared segment by segment. */
export function underPrefix(route: string, prefix: string): boolean {
  const path = route.split(' ')[1];
  const base = `${API}${prefix}`;
  return path === base || path.startsWith(`${base}/`);
}

/** The groups whose prefixes take `route`. */
export function groupsOf(route: string): RouteGroup[] {
  return (Object.keys(ROUTE_GROUPS) as RouteGroup[]).filter((group) =>
    ROUTE_GROUPS[group].some((prefix) => underPrefix(route, prefix)),
  );
}

/** The API routes the application registers, as "METHOD /api/v1/..." keys. */
export function apiRoutes(t: TestApp): string[] {
  const keys = registeredRoutes(t.app)
    .filter((r) => r.url.startsWith(API) && !['HEAD', 'OPTIONS'].includes(r.method))
    .map((r) => `${r.method} ${r.url}`);
  return [...new Set(keys)].sort();
}

const DENIED = [401, 403];
const HIDDEN = [401, 403, 404];

/**
 * An actor the route lets through: neither refused (`refused` statuses) nor failing on the
 * server. The failure names the route, the actor and the status, and shows a server error's answer.
 */
function expectLetThrough(route: string, actor: string, response: ApiResponse, refused: number[]): void {
  const serverError = response.status >= 500 ? ` ${response.text}` : '';
  const outcome = `${route} as ${actor}: ${response.status}${serverError}`;
  expect(outcome).not.toMatch(new RegExp(`: (?:${refused.join('|')})$`));
  expect(outcome).not.toMatch(/: 5\d\d\b/);
}

/**
 * Every route of `group` against every actor: anonymous, staff without capabilities, a holder
 * of each capability the route accepts, an administrator; and for customer-scoped routes,
 * `customers.view_own` assigned and unassigned (404) and `customers.view`. Portal actors
 * too: a contact of customer A with every portal permission and one with none, a contact of
 * customer B, and an administrator's login as A's primary contact. Every staff route refuses
 * their tokens (401), and every portal route refuses staff tokens (401).
 */
export function describeAccessMatrix(group: RouteGroup): void {
  const cases = (Object.entries(ROUTE_ACCESS) as Array<[string, Access]>).filter(([route]) =>
    groupsOf(route).includes(group),
  );
  const scoped = cases.filter(([, access]) => access.kind === 'capability' && access.customerScoped);

  describe(`authorisation matrix: ${ROUTE_GROUPS[group].join(', ')}`, () => {
    let t: TestApp;
    let make: Given;
    let noCapabilities: string;
    let admin: string;
    let adminId: string;
    let administratorLogin: () => Promise<string>;
    let noCapabilitiesLogin: () => Promise<string>;
    /** Portal actors: contacts of customer A with every permission and with none, a contact of customer B. */
    const portal = { all: '', none: '', otherCustomer: '' };
    let customerA: string;
    /** Portal tokens for the staff routes' checks, taken again after each portal route (which may sign them out). */
    let portalTokens: string[] = [];
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

    const call = async (
      route: string,
      token?: string,
      params: Record<string, string> = {},
      body?: object,
      query = '',
    ) => {
      const [method, url] = route.split(' ');
      const path = url.replace(/:([A-Za-z]+)/g, (_m, name: string) => params[name] ?? uuidv7()) + query;
      const payload = body ?? (['POST', 'PUT', 'PATCH'].includes(method) ? {} : undefined);
      return t.request(method, path, { body: payload, token });
    };

    /** Fresh portal tokens: each contact's own sign-in, and a login as A's primary contact. */
    const portalLogins = {
      all: async () => (await make.portalLogin(portal.all)).accessToken,
      none: async () => (await make.portalLogin(portal.none)).accessToken,
      otherCustomer: async () => (await make.portalLogin(portal.otherCustomer)).accessToken,
      impersonation: async () =>
        (await t.post(`customers/${customerA}/login-as-client`, {}, { token: admin })).body.accessToken as string,
    };
    const portalActors = async () => ({
      all: await portalLogins.all(),
      none: await portalLogins.none(),
      otherCustomer: await portalLogins.otherCustomer(),
      impersonation: await portalLogins.impersonation(),
    });

    beforeAll(async () => {
      t = await startTestApp();
      make = given(t);
      const bare = await make.staff({ permissions: [] });
      noCapabilitiesLogin = () => bare.token();
      noCapabilities = await noCapabilitiesLogin();
      const administrator = await make.admin();
      administratorLogin = () => administrator.token();
      admin = await administratorLogin();
      adminId = administrator.staff.id;
      customerA = (await make.customer()).id;
      portal.all = (await make.contact({ customerId: customerA, withPassword: true })).email;
      portal.none = (
        await make.contact({ customerId: customerA, withPassword: true, isPrimary: false, permissions: [] })
      ).email;
      const customerB = await make.customer();
      portal.otherCustomer = (await make.contact({ customerId: customerB.id, withPassword: true })).email;
      portalTokens = Object.values(await portalActors());
      // Company details and colleagues are then the contacts' to manage: the route's access, not a setting, decides.
      await t.request('PATCH', 'settings', {
        body: { contactsMayEditCompany: true, primaryContactManagesContacts: true },
        token: admin,
      });
    });

    /** A route that signs its caller out everywhere ends the shared tokens: sign in again. */
    afterEach(async () => {
      const current = expect.getState().currentTestName ?? '';
      if (!/\/logout$/.test(current)) return;
      admin = await administratorLogin();
      noCapabilities = await noCapabilitiesLogin();
      portalTokens = Object.values(await portalActors());
    });
    afterAll(() => t.close());

    describe('capabilities: anonymous, no capabilities, the route capability, administrator', () => {
      it.each(cases)('%s', async (route, access) => {
        const anonymous = await call(route);
        if (access.kind === 'public') {
          expectLetThrough(route, 'anonymous', anonymous, DENIED);
          return;
        }
        expect(anonymous.status).toBe(401);
        expect(anonymous.headers.get('content-type')).toContain('application/problem+json');
        expect(anonymous.headers.get('www-authenticate')).toBe('Bearer');

        if (access.kind === 'portal') {
          const asAdmin = await call(route, admin, {}, access.body);
          expect(`${route} as a staff administrator: ${asAdmin.status}`).toMatch(/: 401$/);
          // Each token is taken just before its call: a route may sign out A's contact, and its login as client with it.
          const expectations: Array<[string, () => Promise<string>, 'through' | 403]> = [
            ['contact with every permission', portalLogins.all, 'through'],
            [
              'contact without permissions (not primary)',
              portalLogins.none,
              access.area === null && !access.primaryOnly ? 'through' : 403,
            ],
            ['contact of another customer', portalLogins.otherCustomer, 'through'],
            ['login as client', portalLogins.impersonation, access.impersonation === 'refused' ? 403 : 'through'],
          ];
          for (const [actor, login, expected] of expectations) {
            const res = await call(route, await login(), {}, access.body);
            if (expected === 'through') expectLetThrough(route, actor, res, DENIED);
            else expect(`${route} as ${actor}: ${res.status}`).toMatch(/: 403$/);
          }
          portalTokens = Object.values(await portalActors());
          return;
        }

        for (const token of portalTokens) {
          const portalCall = await call(route, token);
          expect(`${route} with a portal token: ${portalCall.status}`).toMatch(/: 401$/);
        }

        const bare = await call(route, noCapabilities);
        if (access.kind === 'signed-in') {
          expectLetThrough(route, 'staff without capabilities', bare, DENIED);
        } else {
          expect(bare.status).toBe(403);
          expect(bare.body.code).toBe('FORBIDDEN');
        }

        if (access.kind === 'capability') {
          const alongWith = access.alongWith ?? [];
          for (const capability of access.anyOf) {
            const holder = await holderOf(capability, ...alongWith);
            const allowed = await call(route, holder.token, access.params, access.body);
            expectLetThrough(route, capability, allowed, DENIED);
            if (alongWith.length === 0) continue;
            const alone = await call(route, (await holderOf(capability)).token, access.params, access.body);
            expect(`${route} as ${capability} without ${alongWith.join(', ')}: ${alone.status}`).toMatch(/: 403$/);
          }
        }
        const asAdmin =
          access.kind === 'capability'
            ? await call(route, admin, access.params, access.body)
            : await call(route, admin);
        expectLetThrough(route, 'administrator', asAdmin, DENIED);
      });
    });

    if (scoped.length === 0) return;

    describe('customer scope: view_own assigned, view_own unassigned, view only', () => {
      /** A new invoice of the customer: a draft, or an unpaid one that takes payments. */
      const invoiceOf = async (customerId: string, status: 'draft' | 'unpaid') => {
        const invoice = await t.post(
          'invoices',
          {
            customerId,
            status,
            items: [{ description: 'Matrix', quantity: '1', unitPrice: '10', taxRate: '0' }],
          },
          { token: admin },
        );
        if (invoice.status !== 201) throw new Error(`invoice fixture failed: ${invoice.status} ${invoice.text}`);
        return invoice.body.id as string;
      };

      /**
       * Path parameters on a customer; a note (`:noteId`) is written by `author`, who then owns it;
       * on a contact route, `:id` is a contact of the customer.
       */
      const paramsOn = async (route: string, customerId: string, author: string, access: Access) => {
        const params: Record<string, string> = { id: customerId, staffId: adminId };
        if (access.kind === 'capability' && access.idOf === 'contact') {
          params.id = (await make.contact({ customerId })).id;
        }
        if (access.kind === 'capability' && access.idOf === 'email') {
          params.id = (await make.email({ customerId })).id;
        }
        if (access.kind === 'capability' && access.idOf === 'invoice') {
          params.id = await invoiceOf(customerId, 'draft');
        }
        if (access.kind === 'capability' && access.idOf === 'estimate') {
          const estimate = await t.post(
            'estimates',
            {
              customerId,
              status: 'draft',
              items: [{ description: 'Matrix', quantity: '1', unitPrice: '10', taxRate: '0' }],
            },
            { token: admin },
          );
          if (estimate.status !== 201) throw new Error(`estimate fixture failed: ${estimate.status} ${estimate.text}`);
          params.id = estimate.body.id;
        }
        if (access.kind === 'capability' && access.idOf === 'creditNote') {
          const note = await t.post(
            'credit-notes',
            { customerId, items: [{ description: 'Matrix', quantity: '1', unitPrice: '10', taxRate: '0' }] },
            { token: admin },
          );
          if (note.status !== 201) throw new Error(`credit note fixture failed: ${note.status} ${note.text}`);
          params.id = note.body.id;
        }
        if (route.includes(':applicationId')) {
          const applied = await t.post(
            `credit-notes/${params.id}/applications`,
            { invoiceId: await invoiceOf(customerId, 'unpaid'), amount: '1' },
            { token: admin },
          );
          if (applied.status !== 201) throw new Error(`credit fixture failed: ${applied.status} ${applied.text}`);
          params.applicationId = applied.body.applications[0].id;
        }
        if (access.kind === 'capability' && access.idOf === 'payment') {
          const payment = await t.post(
            'payments',
            { invoiceId: await invoiceOf(customerId, 'unpaid'), amount: '1', mode: 'bank' },
            { token: admin },
          );
          if (payment.status !== 201) throw new Error(`payment fixture failed: ${payment.status} ${payment.text}`);
          params.id = payment.body.id;
        }
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
        const bodyFor = async (customerId: string) => {
          if (!access.body) return undefined;
          const text = JSON.stringify(access.body);
          const invoiceId = text.includes('":invoice"') ? await invoiceOf(customerId, 'unpaid') : '';
          return JSON.parse(
            text
              .replace(/":staff"/g, `"${adminId}"`)
              .replace(/":customer"/g, `"${customerId}"`)
              .replace(/":invoice"/g, `"${invoiceId}"`),
          );
        };
        const alongWith = access.alongWith ?? [];
        // customers.view sees every customer; the viewer below covers it.
        for (const capability of access.anyOf.filter((c) => c !== 'customers.view')) {
          const own = await holderOf(capability, 'customers.view_own', ...alongWith);
          const stranger = await holderOf(capability, 'customers.view_own', 'reports.view', ...alongWith);
          const mine = await make.customer({ admins: [own.id, adminId] });
          const query = access.queryOf?.[capability];
          const assigned = await call(
            route,
            own.token,
            await paramsOn(route, mine.id, own.token, access),
            await bodyFor(mine.id),
            query,
          );
          expectLetThrough(route, `${capability} assigned`, assigned, HIDDEN);

          const other = await make.customer({ admins: [own.id, adminId] });
          const unassigned = await call(
            route,
            stranger.token,
            await paramsOn(route, other.id, admin, access),
            await bodyFor(other.id),
            query,
          );
          expect(`${route} as ${capability} unassigned: ${unassigned.status}`).toMatch(/: 404$/);
          expect(unassigned.body.code).toBe('NOT_FOUND');
        }
        // On a route every viewer may call (a document's), the viewer holds its capabilities of other features (invoices.view, say) too.
        const others = access.viewerWrites ? access.anyOf.filter((c) => !c.startsWith('customers.')) : [];
        const viewer = await holderOf('customers.view', ...others, ...alongWith);
        const anyCustomer = await make.customer({ admins: [adminId] });
        const asViewer = await call(
          route,
          viewer.token,
          await paramsOn(route, anyCustomer.id, viewer.token, access),
          await bodyFor(anyCustomer.id),
        );
        if (method === 'GET' || access.viewerWrites) expectLetThrough(route, 'customers.view', asViewer, HIDDEN);
        else expect(`${route} as customers.view: ${asViewer.status}`).toMatch(/: 403$/);
      });
    });
  });
}
