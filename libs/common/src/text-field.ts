import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptions } from '@nestjs/swagger';
import {
  IsOptional,
  IsString,
  Matches,
  ValidateBy,
  ValidateIf,
  ValidationOptions,
  buildMessage,
  isEmail,
} from 'class-validator';
import { IsOptionalNotNull } from './decorators';

/**
 * The length of a text as the database counts it: in Unicode code points, the characters
 * of a utf8mb4 column. validator.js (class-validator's `@MaxLength`) counts a surrogate
 * pair as one but drops variation selectors, so "❤️" is 1 to it and 2 to the column.
 */
export function codePointLength(text: string): number {
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    length++;
  }
  return length;
}

// eslint-disable-next-line no-control-regex -- the point is to find control characters
const CONTROL = /[\u0000-\u001f\u007f-\u009f\ud800-\udfff]/u;
// eslint-disable-next-line no-control-regex -- the point is to find control characters
const CONTROL_BUT_LINE_BREAKS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ud800-\udfff]/u;

/** OpenAPI: no C0 or C1 control character, DEL included. */
export const TEXT_PATTERN = '^[^\\u0000-\\u001f\\u007f-\\u009f]*$';
/** OpenAPI: no control character but tab, line feed and carriage return. */
export const MULTILINE_TEXT_PATTERN = '^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f]*$';

/** The OpenAPI pattern of text without control characters; `+` rather than `*` when it may not be empty. */
export function textPattern(options: { multiline?: boolean; min?: number } = {}): string {
  const pattern = options.multiline ? MULTILINE_TEXT_PATTERN : TEXT_PATTERN;
  return options.min ? `${pattern.slice(0, -2)}+$` : pattern;
}

/** True when the text holds a control character (or a lone surrogate, which utf8mb4 cannot store). */
export function hasControlCharacter(text: string, multiline = false): boolean {
  return (multiline ? CONTROL_BUT_LINE_BREAKS : CONTROL).test(text);
}

/**
 * At most `max` characters, counted in code points. The rule is named `maxLength` with
 * `max` as its argument, like class-validator's, so errors and messages stay the same.
 */
export function MaxCodePoints(max: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'maxLength',
      constraints: [max],
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || codePointLength(value) <= max,
        defaultMessage: buildMessage(
          (each) => `${each}$property must be shorter than or equal to $constraint1 characters`,
          options,
        ),
      },
    },
    options,
  );
}

/** At least `min` characters, counted in code points; named `minLength`. */
export function MinCodePoints(min: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'minLength',
      constraints: [min],
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || codePointLength(value) >= min,
        defaultMessage: buildMessage(
          (each) => `${each}$property must be longer than or equal to $constraint1 characters`,
          options,
        ),
      },
    },
    options,
  );
}

/**
 * No control character (C0, DEL, C1) and no lone surrogate; multiline text may hold tabs
 * and line breaks. Named `matches`, the rule these fields have always failed with.
 */
export function NoControlCharacters(multiline = false, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'matches',
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || !hasControlCharacter(value, multiline),
        defaultMessage: buildMessage((each) => `${each}$property must not contain control characters`, options),
      },
    },
    options,
  );
}

/** Not white space only (empty text is the length rule's to refuse); named `isNotEmpty`. */
export function NotBlank(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isNotEmpty',
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || value === '' || value.trim() !== '',
        defaultMessage: buildMessage((each) => `${each}$property must not be blank`, options),
      },
    },
    options,
  );
}

export interface TextFieldOptions {
  /** The most characters, counted as the column counts them (code points); at most its length. */
  max: number;
  /** The fewest characters, in code points; 1 or more also refuses text of white space only. */
  min?: number;
  /** May be absent (but not null unless `nullable`). */
  optional?: boolean;
  /** May be null; with `optional`, absent too. */
  nullable?: boolean;
  /** Tabs and line breaks allowed. */
  multiline?: boolean;
  /**
   * Any character, control characters included: only for what was never checked and must
   * keep working as typed (a password at sign-in).
   */
  anyCharacter?: boolean;
  /**
   * The OpenAPI pattern, when the field checks a stricter one with its own validator
   * (e.g. `@Matches`); otherwise the pattern of the control-character rule.
   */
  pattern?: string;
  description?: string;
  example?: string;
  format?: string;
}

/**
 * A text property of a request: a string of `min` to `max` code points without control
 * characters, and its OpenAPI schema (`type: string`, also when nullable). Rules of its
 * own (an email, a pattern, a trim) stay decorators of their own next to this one.
 */
export function TextField(options: TextFieldOptions): PropertyDecorator {
  const { max, min, optional = false, nullable = false, multiline = false, anyCharacter = false } = options;
  if (!Number.isInteger(max) || max < 1 || (min !== undefined && (!Number.isInteger(min) || min < 0 || min > max))) {
    throw new Error(`TextField: invalid limits min ${min}, max ${max}`);
  }
  const presence = nullable
    ? optional
      ? [IsOptional()]
      : [ValidateIf((_object: unknown, value: unknown) => value !== null)]
    : optional
      ? [IsOptionalNotNull()]
      : [];
  const pattern = options.pattern ?? (anyCharacter ? undefined : textPattern({ multiline, min }));
  const schema: ApiPropertyOptions = {
    type: 'string',
    required: !optional,
    ...(nullable ? { nullable: true } : {}),
    ...(min !== undefined ? { minLength: min } : {}),
    maxLength: max,
    ...(pattern !== undefined ? { pattern } : {}),
    ...(options.format !== undefined ? { format: options.format } : {}),
    ...(options.description !== undefined ? { description: options.description } : {}),
    ...(options.example !== undefined ? { example: options.example } : {}),
  };
  return applyDecorators(
    ...presence,
    IsString(),
    ...(min !== undefined ? [MinCodePoints(min)] : []),
    ...(min !== undefined && min > 0 ? [NotBlank()] : []),
    MaxCodePoints(max),
    ...(anyCharacter ? [] : [NoControlCharacters(multiline)]),
    ApiProperty(schema),
  );
}

/** Digits, spaces and `+ ( ) . / -`: a phone number as people write it. */
export const PHONE_PATTERN = '^[0-9+()./ -]*$';
/** The length of every phone column. */
export const PHONE_MAX = 50;

/** An optional, nullable phone number of a request (customers, contacts). */
export function PhoneField(example: string): PropertyDecorator {
  return applyDecorators(
    TextField({ max: PHONE_MAX, optional: true, nullable: true, pattern: PHONE_PATTERN, example }),
    Matches(new RegExp(PHONE_PATTERN)),
  );
}

/** The length of every email column. */
export const EMAIL_MAX = 254;

/**
 * An email address of a request. Named `isEmail` like class-validator's rule, but text
 * with a control character or a lone surrogate is refused before the address parser sees
 * it (validator.js throws on a lone surrogate instead of answering false).
 */
export function EmailField(example: string): PropertyDecorator {
  return applyDecorators(
    TextField({ max: EMAIL_MAX, format: 'email', example }),
    ValidateBy({
      name: 'isEmail',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && !hasControlCharacter(value) && isEmail(value),
        defaultMessage: buildMessage((each) => `${each}$property must be an email`),
      },
    }),
  );
}
