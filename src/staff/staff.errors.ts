import { DomainError, NotFoundError } from '@app/common';

export const staffNotFound = () => new NotFoundError('staff');
export const roleNotFound = () => new NotFoundError('role');
export const staffEmailTaken = () => new DomainError(409, 'STAFF_EMAIL_TAKEN');
export const roleNameTaken = () => new DomainError(409, 'ROLE_NAME_TAKEN');
export const adminRequired = () => new DomainError(403, 'ADMIN_REQUIRED');
export const permissionEscalation = (permissions: string[]) =>
  new DomainError(403, 'PERMISSION_ESCALATION', { permissions: permissions.join(', ') }, { permissions });
/** Changing another person's credentials, deactivating or deleting them needs all they hold. */
export const staffOutranksYou = (permissions: string[]) =>
  new DomainError(403, 'STAFF_OUTRANKS_YOU', { permissions: permissions.join(', ') }, { permissions });
export const lastAdministrator = () => new DomainError(409, 'LAST_ADMINISTRATOR');
export const cannotDeleteSelf = () => new DomainError(409, 'CANNOT_DELETE_SELF');
