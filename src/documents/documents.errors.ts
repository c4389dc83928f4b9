import { DomainError, NotFoundError, invalidField } from '@app/common';
import { PDF_RETRY_AFTER_SECONDS } from '@app/pdf';

/** 400 on `field` for a day before `earliest`. */
export const dayTooEarly = (field: string, earliest: string) => invalidField(field, 'min', earliest);
/** 400 on `field` for a day after 9999-12-31 (a default due date, say). */
export const dayOutOfRange = (field: string) => invalidField(field, 'isISO8601');
/** 400: an amount of the document exceeds what is stored. */
export const amountTooLarge = (field: string, max: string) => invalidField(field, 'max', max);

/** 503: every PDF thread is busy and the queue is full; the caller may try again shortly. */
export const rendererBusy = () =>
  new DomainError(503, 'PDF_RENDERER_BUSY', {}, {}, { 'Retry-After': String(PDF_RETRY_AFTER_SECONDS) });

/** A change of a document without If-Match that lost a race with another one: it runs again on the newer row. */
export class LostDocumentUpdate extends Error {}

/** Null for a 404 (the document is gone); any other error is thrown again. */
export function ignoreNotFound(error: unknown): null {
  if (error instanceof NotFoundError) return null;
  throw error;
}
