import { DomainError, NotFoundError } from '@app/common';

export const emailNotFound = () => new NotFoundError('email');
export const emailNotFailed = (status: string) =>
  new DomainError(409, 'EMAIL_NOT_FAILED', { status }, { emailStatus: status });
