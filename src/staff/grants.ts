import type { StaffActor } from '../permissions/actor';
import { CAPABILITIES, Capability, normaliseCapabilities } from '../permissions/capabilities';

/** What the grant rules need to know of a staff member, as stored or as a change would leave it. */
export interface Holder {
  isAdmin: boolean;
  active: boolean;
  permissions: readonly Capability[];
}

/** What a staff member may use while active: every capability for an administrator. */
export function entitlements(holder: Holder): readonly Capability[] {
  return holder.isAdmin ? CAPABILITIES : holder.permissions;
}

/**
 * What a change gives a staff member that they did not hold before: `after`'s entitlements,
 * and `offered` (the capabilities of a role they join, which applying the role hands out
 * later), beyond what they held. An inactive member holds nothing, so reactivating gives
 * back everything they are entitled to; a member who stays inactive is compared by what
 * they are entitled to, so that nothing waits in a dormant account for someone else to wake.
 * `before` is null for a new member.
 */
export function gained(before: Holder | null, after: Holder, offered: readonly Capability[] = []): Capability[] {
  const held = new Set(before && (before.active || !after.active) ? entitlements(before) : []);
  return normaliseCapabilities([...entitlements(after), ...offered].filter((c) => !held.has(c)));
}

/** The capabilities among `capabilities` that the actor does not hold. */
export function lacking(actor: StaffActor, capabilities: readonly Capability[]): Capability[] {
  return normaliseCapabilities(capabilities.filter((c) => !actor.can(c)));
}
