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
