import { DomainError } from '@app/common';

export const currentPasswordWrong = () => new DomainError(400, 'CURRENT_PASSWORD_WRONG');
/** A login as client may look and change details, never the password. */
export const impersonationCannotChangePassword = () => new DomainError(403, 'IMPERSONATION_CANNOT_CHANGE_PASSWORD');
export const companyEditNotAllowed = () => new DomainError(403, 'COMPANY_EDIT_NOT_ALLOWED');
/** A login as client may look at estimates, never accept or decline one in the customer's name. */
export const impersonationCannotAnswerEstimate = () => new DomainError(403, 'IMPERSONATION_CANNOT_ANSWER_ESTIMATE');
