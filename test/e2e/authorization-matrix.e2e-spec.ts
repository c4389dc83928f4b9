import { uuidv7 } from '@app/common';
import { registeredRoutes } from '../../src/create-app';
import type { Capability } from '../../src/permissions/capabilities';
import { Access, ROUTE_ACCESS } from '../authz/route-access';
import { Given, given } from '../factories/staff.factory';
import { TestApp, startTestApp } from '../helpers/test-app';

const DENIED = [401, 403];

function apiRoutes(t: TestApp): string[] {
  const keys = registeredRoutes(t.app)
    .filter((r) => r.url.startsWith('/api/v1/') && !['HEAD', 'OPTIONS'].includes(r.method))
    .map((r) => `${r.method} ${r.url}`);
  return [...new Set(keys)].sort();
}

describe('authorisation matrix: every route, every actor', () => {
  let t: TestApp;
  let make: Given;
  let noCapabilities: string;
  let admin: string;
  const holders = new Map<Capability, string>();

  const holderOf = async (capability: Capability) => {
    if (!holders.has(capability))
      holders.set(capability, await (await make.staff({ permissions: [capability] })).token());
    return holders.get(capability)!;
  };

  const call = async (route: string, token?: string) => {
    const [method, url] = route.split(' ');
    const path = url.replace(/:[A-Za-z]+/g, () => uuidv7());
    const body = ['POST', 'PUT', 'PATCH'].includes(method) ? {} : undefined;
    return t.request(method, path, { body, token });
  };

  beforeAll(async () => {
    t = await startTestApp();
    make = given(t);
    noCapabilities = await (await make.staff({ permissions: [] })).token();
    admin = await (await make.admin()).token();
  });
  afterAll(() => t.close());

  it('declares every registered route, and registers every declared one', () => {
    expect(apiRoutes(t)).toEqual(Object.keys(ROUTE_ACCESS).sort());
  });

  const cases = Object.entries(ROUTE_ACCESS) as Array<[string, Access]>;

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
        const allowed = await call(route, await holderOf(capability));
        expect(`${capability}: ${allowed.status}`).not.toMatch(/: 40[13]$/);
      }
    }
    const asAdmin = await call(route, admin);
    expect(DENIED).not.toContain(asAdmin.status);
  });
});
