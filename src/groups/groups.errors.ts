import { DomainError, NotFoundError } from '@app/common';

export const groupNotFound = () => new NotFoundError('customer group');
export const groupNameTaken = (name: string) => new DomainError(409, 'GROUP_NAME_TAKEN', { name });
