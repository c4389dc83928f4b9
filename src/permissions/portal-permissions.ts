import type { EmailNotifications } from '../contacts/contact.entity';

/** The portal areas that exist; a contact's permission per area opens or closes it. */
export const PORTAL_PERMISSIONS = ['invoices', 'estimates', 'support'] as const;
export type PortalPermission = (typeof PORTAL_PERMISSIONS)[number];

/** Email preferences start from the permissions: invoices → invoice and credit-note emails, and so on. */
export function notificationsFor(permissions: readonly PortalPermission[]): EmailNotifications {
  const has = (p: PortalPermission) => permissions.includes(p);
  return {
    invoices: has('invoices'),
    creditNotes: has('invoices'),
    estimates: has('estimates'),
    tickets: has('support'),
    contracts: false,
    projects: false,
    tasks: false,
  };
}
