import { StaffActor } from '../permissions/actor';
import { CAPABILITIES, Capability } from '../permissions/capabilities';
import { Holder, entitlements, gained, lacking } from './grants';

const member = (permissions: Capability[], overrides: Partial<Holder> = {}): Holder => ({
  isAdmin: false,
  active: true,
  permissions,
  ...overrides,
});

describe('entitlements', () => {
  it('are the permissions of a member and every capability of an administrator', () => {
    expect(entitlements(member(['customers.view']))).toEqual(['customers.view']);
    expect(entitlements(member([], { isAdmin: true }))).toEqual(CAPABILITIES);
  });
});

describe('gained', () => {
  it('is what the change adds, in catalogue order', () => {
    expect(gained(member(['customers.view']), member(['settings.edit', 'customers.view', 'customers.edit']))).toEqual([
      'customers.edit',
      'settings.edit',
    ]);
    expect(gained(member(['customers.view', 'settings.edit']), member(['customers.view']))).toEqual([]);
  });

  it('counts everything for a new member', () => {
    expect(gained(null, member(['reports.view', 'customers.view']))).toEqual(['customers.view', 'reports.view']);
  });

  it("counts a joined role's capabilities beyond what the member held, whatever their own permissions", () => {
    const before = member(['customers.view', 'staff.edit']);
    expect(gained(before, before, ['customers.view', 'settings.edit', 'invoices.delete'])).toEqual([
      'invoices.delete',
      'settings.edit',
    ]);
  });

  it('counts everything a reactivated member would hold again', () => {
    const dormant = member(['customers.view', 'settings.edit'], { active: false });
    expect(gained(dormant, { ...dormant, active: true })).toEqual(['customers.view', 'settings.edit']);
  });

  it('compares a member who stays inactive by what they are entitled to', () => {
    const dormant = member(['customers.view'], { active: false });
    expect(gained(dormant, { ...dormant, permissions: ['customers.view', 'settings.edit'] })).toEqual([
      'settings.edit',
    ]);
    expect(gained(dormant, dormant)).toEqual([]);
  });

  it('gives an administrator nothing new, and a promotion everything', () => {
    const admin = member([], { isAdmin: true });
    expect(gained(admin, { ...admin, permissions: ['settings.edit'] }, ['staff.delete'])).toEqual([]);
    expect(gained(member(['customers.view']), { ...member(['customers.view']), isAdmin: true })).toHaveLength(
      CAPABILITIES.length - 1,
    );
  });
});

describe('lacking', () => {
  it('is what the actor does not hold; nothing for an administrator', () => {
    const editor = new StaffActor('e', 'e@example.test', false, new Set<Capability>(['staff.edit']), null);
    const admin = new StaffActor('a', 'a@example.test', true, new Set<Capability>(), null);
    expect(lacking(editor, ['settings.edit', 'staff.edit', 'customers.view'])).toEqual([
      'customers.view',
      'settings.edit',
    ]);
    expect(lacking(admin, ['settings.edit'])).toEqual([]);
  });
});
