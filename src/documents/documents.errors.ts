import { ValidationFailedError } from '@app/common';

/** 400 on `field` for a day before `earliest`. */
export const dayTooEarly = (field: string, earliest: string) =>
  new ValidationFailedError([{ field, code: 'min', args: { property: field, c0: earliest } }]);
/** 400 on `field` for a day after 9999-12-31 (a default due date, say). */
export const dayOutOfRange = (field: string) =>
  new ValidationFailedError([{ field, code: 'isISO8601', args: { property: field } }]);
/** 400: an amount of the document exceeds what is stored. */
export const amountTooLarge = (field: string, max: string) =>
  new ValidationFailedError([{ field, code: 'max', args: { property: field, c0: max } }]);
