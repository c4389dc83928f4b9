import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROUTE_GROUPS, RouteGroup, apiRoutes, groupsOf } from '../authz/matrix';
import { ROUTE_ACCESS } from '../authz/route-access';
import { TestApp, startTestApp } from '../helpers/test-app';

describe('authorisation matrix: the routes it checks', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('declares every registered route, and registers every declared one', () => {
    expect(apiRoutes(t)).toEqual(Object.keys(ROUTE_ACCESS).sort());
  });

  it('checks every declared route in exactly one group', () => {
    const misplaced = Object.keys(ROUTE_ACCESS)
      .filter((route) => groupsOf(route).length !== 1)
      .map((route) => `${route}: ${groupsOf(route).join(', ') || 'no group'}`);
    expect(misplaced).toEqual([]);
  });

  it.each(Object.keys(ROUTE_GROUPS) as RouteGroup[])('runs the %s group in its own spec file', (group) => {
    const spec = readFileSync(join(__dirname, `authz-${group}.e2e-spec.ts`), 'utf8');
    expect(spec).toContain(`describeAccessMatrix('${group}')`);
  });
});
