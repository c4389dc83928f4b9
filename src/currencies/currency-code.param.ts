import { Param, PipeTransform, applyDecorators } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import { isISO4217CurrencyCode } from 'class-validator';
import { ValidationFailedError } from '@app/common';

class CurrencyCodePipe implements PipeTransform<string, string> {
  constructor(private readonly name: string) {}

  transform(value: string): string {
    if (/^[A-Z]{3}$/.test(value) && isISO4217CurrencyCode(value)) return value;
    throw new ValidationFailedError([
      { field: this.name, code: 'isISO4217CurrencyCode', args: { property: this.name } },
    ]);
  }
}

/** A path parameter that must be an upper-case ISO 4217 code; anything else is a 400 naming it. */
export function CurrencyCodeParam(name = 'code'): ParameterDecorator {
  return Param(name, new CurrencyCodePipe(name));
}

export function ApiCurrencyCodeParam(name = 'code'): MethodDecorator {
  return applyDecorators(
    ApiParam({
      name,
      description: 'ISO 4217 currency code, upper-case',
      schema: { type: 'string', pattern: '^[A-Z]{3}$', maxLength: 3, minLength: 3, example: 'EUR' },
    }),
  );
}
