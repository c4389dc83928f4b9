import { DomainError, NotFoundError } from '@app/common';

export const estimateNotFound = () => new NotFoundError('estimate');
/** An accepted, declined or converted estimate keeps its lines, dates and addresses. */
export const estimateNotEditable = (status: string, invoiceId: string | null) =>
  new DomainError(409, 'ESTIMATE_NOT_EDITABLE', { status }, { currentStatus: status, invoiceId });
/** The status cannot move from where it is to where the request asks. */
export const estimateStatusConflict = (status: string) =>
  new DomainError(409, 'ESTIMATE_STATUS_CONFLICT', { status }, { currentStatus: status });
/** Past its expiry date an estimate is neither accepted nor converted (a later expiry date reopens it). */
export const estimateExpired = (expiryDate: string) =>
  new DomainError(409, 'ESTIMATE_EXPIRED', { expiryDate }, { currentStatus: 'expired', expiryDate });
/** An estimate becomes one invoice only. */
export const estimateAlreadyConverted = (invoiceId: string) =>
  new DomainError(409, 'ESTIMATE_ALREADY_CONVERTED', { invoiceId }, { currentStatus: 'accepted', invoiceId });
/** Only drafts are deleted; a sent estimate is declined and keeps its number. */
export const estimateNotDraft = (status: string) =>
  new DomainError(409, 'ESTIMATE_NOT_DRAFT', { status }, { currentStatus: status });

/** An update without If-Match that lost a race with another one: it runs again on the newer row. */
export class LostEstimateUpdate extends Error {}
