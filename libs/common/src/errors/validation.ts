import { plainToInstance } from 'class-transformer';
import { ValidationError, getMetadataStorage, validateSync } from 'class-validator';
import { FieldError, ValidationFailedError } from './domain-error';

const UNKNOWN_PROPERTY = 'unknownProperty';

/** class-validator's rule names, renamed where ours are clearer to a client. */
function ruleCode(constraint: string): string {
  return constraint === 'whitelistValidation' ? UNKNOWN_PROPERTY : constraint;
}

/** The values a rule was declared with (e.g. 200 for `@MaxLength(200)`), for translated messages. */
function ruleArguments(target: object | undefined, property: string, constraint: string): Record<string, unknown> {
  if (!target) return {};
  const storage = getMetadataStorage();
  const metadata = storage
    .getTargetValidationMetadatas(target.constructor, '', true, false)
    .find(
      (m) =>
        m.propertyName === property &&
        (m.name === constraint ||
          storage.getTargetValidatorConstraints(m.constraintCls).some((c) => c.name === constraint)),
    );
  const printable = (metadata?.constraints ?? []).map((value: unknown) =>
    Array.isArray(value)
      ? value.join(', ')
      : ['string', 'number', 'boolean'].includes(typeof value)
        ? value
        : undefined,
  );
  return Object.fromEntries(printable.map((value, i) => [`c${i}`, value]).filter(([, value]) => value !== undefined));
}

function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([constraint, message]) => ({
      field,
      code: ruleCode(constraint),
      message,
      args: { property: field, ...ruleArguments(error.target, error.property, constraint) },
    }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** Turns class-validator's error tree into one 400 naming every failing field. */
export function validationExceptionFactory(errors: ValidationError[]): ValidationFailedError {
  return new ValidationFailedError(flatten(errors));
}

/** The options of the global validation pipe, shared with code that validates a body itself. */
export const VALIDATION_OPTIONS = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  validationError: { target: true, value: false },
} as const;

/** Validates a plain body against a DTO class before the pipes run (e.g. inside a guard). */
export function validateBody<T extends object>(dto: new () => T, body: unknown): T {
  const instance = plainToInstance(dto, body ?? {});
  const errors = validateSync(instance as object, VALIDATION_OPTIONS);
  if (errors.length > 0) throw validationExceptionFactory(errors);
  return instance;
}
