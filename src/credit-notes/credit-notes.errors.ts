import { DomainError, NotFoundError, invalidField } from '@app/common';

export const creditNoteNotFound = () => new NotFoundError('credit note');
export const creditApplicationNotFound = () => new NotFoundError('credit application');
/** Lines, dates and addresses change only while no credit has been applied and the note is open. */
export const creditNoteNotEditable = (status: string) =>
  new DomainError(409, 'CREDIT_NOTE_NOT_EDITABLE', { status }, { currentStatus: status });
/** The note's status does not allow it (credit from a closed or void note, voiding an applied one). */
export const creditNoteStatusConflict = (status: string) =>
  new DomainError(409, 'CREDIT_NOTE_STATUS_CONFLICT', { status }, { currentStatus: status });
/** More credit than the note has left. */
export const creditExceedsRemaining = (amountRemaining: string) =>
  new DomainError(409, 'CREDIT_EXCEEDS_REMAINING', { amountRemaining }, { amountRemaining });
/** More credit than the invoice still has due. */
export const creditExceedsAmountDue = (amountDue: string) =>
  new DomainError(409, 'CREDIT_EXCEEDS_AMOUNT_DUE', { amountDue }, { amountDue });
/** 400: the invoice is not one of the credit note's customer. */
export const foreignInvoice = () => invalidField('invoiceId', 'otherCustomersInvoice');

/** An update without If-Match that lost a race with another one: it runs again on the newer row. */
export class LostCreditNoteUpdate extends Error {}
