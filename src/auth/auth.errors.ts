import { DomainError } from '@app/common';

export const invalidCredentials = () => new DomainError(401, 'INVALID_CREDENTIALS');
export const unauthenticated = () => new DomainError(401, 'UNAUTHORIZED', {}, {}, { 'www-authenticate': 'Bearer' });
export const forbidden = () => new DomainError(403, 'FORBIDDEN');
