import type { PortalPermission } from '../permissions/portal-permissions';

export interface EmailNotifications {
  invoices: boolean;
  estimates: boolean;
  creditNotes: boolean;
  contracts: boolean;
  tickets: boolean;
  projects: boolean;
  tasks: boolean;
}

/**
 * The permission an email needs: its documents are never emailed to a contact who may not
 * see them. Contracts, projects and tasks need none until those portal areas exist.
 */
export const NOTIFICATION_NEEDS: Partial<Record<keyof EmailNotifications, PortalPermission>> = {
  invoices: 'invoices',
  creditNotes: 'invoices',
  estimates: 'estimates',
  tickets: 'support',
};

const KINDS: Array<keyof EmailNotifications> = [
  'invoices',
  'estimates',
  'creditNotes',
  'contracts',
  'tickets',
  'projects',
  'tasks',
];

/** Email preferences start from the permissions: invoices → invoice and credit-note emails, and so on. */
export function notificationsFor(permissions: readonly PortalPermission[]): EmailNotifications {
  const entries = KINDS.map((kind) => {
    const needs = NOTIFICATION_NEEDS[kind];
    return [kind, needs !== undefined && permissions.includes(needs)] as const;
  });
  return Object.fromEntries(entries) as unknown as EmailNotifications;
}

/**
 * The preferences after a change of permissions and of the preferences themselves: a
 * permission newly granted switches its emails on, one removed switches them off, the
 * requested flags apply on top, and an email whose permission is missing stays off.
 */
export function nextNotifications(
  current: EmailNotifications,
  permissionsBefore: readonly PortalPermission[],
  permissions: readonly PortalPermission[],
  requested: Partial<EmailNotifications> = {},
): EmailNotifications {
  const entries = KINDS.map((kind) => {
    const needs = NOTIFICATION_NEEDS[kind];
    const granted = needs === undefined || permissions.includes(needs);
    const newlyGranted = needs !== undefined && granted && !permissionsBefore.includes(needs);
    const wanted = requested[kind] ?? (newlyGranted ? true : current[kind]);
    return [kind, granted && wanted] as const;
  });
  return Object.fromEntries(entries) as unknown as EmailNotifications;
}
