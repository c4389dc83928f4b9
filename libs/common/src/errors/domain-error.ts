export interface FieldError {
  /** Dotted path of the failing field, e.g. `primaryContact.email`. */
  field: string;
  /** The rule that failed, e.g. `maxLength`, `isEmail`, `unknownProperty`. */
  code: string;
  message?: string;
  args?: Record<string, unknown>;
}

/**
 * An error the API answers on purpose: an HTTP status, a stable code that clients may
 * rely on, and arguments for the translated message (`errors.<CODE>` in `i18n/`).
 * Extensions are added to the problem-details body as they are.
 */
export class DomainError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly args: Record<string, unknown> = {},
    readonly extensions: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(code);
    this.name = 'DomainError';
  }
}

export class ValidationFailedError extends DomainError {
  constructor(readonly fieldErrors: FieldError[]) {
    super(400, 'VALIDATION_FAILED', { count: fieldErrors.length });
  }
}

export class NotFoundError extends DomainError {
  constructor(resource = 'resource') {
    super(404, 'NOT_FOUND', { resource });
  }
}

/**
 * 400 naming one field that a rule refused: `code` is the rule's message key (as
 * class-validator names them, or one of ours), `limit` the bound it names, if any.
 */
export const invalidField = (field: string, code: string, limit?: string) =>
  new ValidationFailedError([
    { field, code, args: limit === undefined ? { property: field } : { property: field, c0: limit } },
  ]);

/** 400 for an id or code in `field` that names nothing that exists. */
export const unknownReference = (field: string) => invalidField(field, 'unknownReference');
