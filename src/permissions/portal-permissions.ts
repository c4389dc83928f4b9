/** The portal areas that exist; a contact's permission per area opens or closes it. */
export const PORTAL_PERMISSIONS = ['invoices', 'estimates', 'support'] as const;
export type PortalPermission = (typeof PORTAL_PERMISSIONS)[number];
