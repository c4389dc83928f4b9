import { DomainError, NotFoundError, invalidField } from '@app/common';

export const invoiceNotFound = () => new NotFoundError('invoice');
/** A paid or cancelled invoice no longer changes. */
export const invoiceNotEditable = (status: string) =>
  new DomainError(409, 'INVOICE_NOT_EDITABLE', { status }, { currentStatus: status });
/** The status cannot move from where it is to where the request asks. */
export const invoiceStatusConflict = (status: string) =>
  new DomainError(409, 'INVOICE_STATUS_CONFLICT', { status }, { currentStatus: status });
/** New lines of a partially paid invoice may not total less than what has been paid. */
export const invoiceTotalBelowAmountPaid = (amountPaid: string) =>
  new DomainError(409, 'INVOICE_TOTAL_BELOW_AMOUNT_PAID', { amountPaid }, { amountPaid });
/** Only drafts are deleted; an issued invoice is cancelled and keeps its number. */
export const invoiceNotDraft = (status: string) =>
  new DomainError(409, 'INVOICE_NOT_DRAFT', { status }, { currentStatus: status });

/** An update without If-Match that lost a race with another one: it runs again on the newer row. */
export class LostInvoiceUpdate extends Error {}

export const paymentNotFound = () => new NotFoundError('payment');
/** A payment above what the invoice still has due (no overpayment). */
export const paymentExceedsAmountDue = (amountDue: string) =>
  new DomainError(409, 'PAYMENT_EXCEEDS_AMOUNT_DUE', { amountDue }, { amountDue });
/** 400: an amount with more decimals than the currency has. */
export const tooManyDecimals = (field: string, decimals: number) =>
  invalidField(field, 'maxDecimalPlaces', String(decimals));
/** 400: a payment mode the settings' catalogue does not have. */
export const unknownPaymentMode = (modes: readonly string[]) => invalidField('mode', 'isIn', modes.join(', '));
