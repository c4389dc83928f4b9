import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsISO4217CurrencyCode, Matches, Max, Min, ValidateIf } from 'class-validator';
import { DAY_SCHEMA, DayField, PageOf, PatchType, SortedListQuery, TextField } from '@app/common';

export const DECIMAL_SEPARATORS = ['.', ','] as const;
/** The empty string: no thousands separator. */
export const THOUSAND_SEPARATORS = ['.', ',', ' ', "'", ''] as const;
export const PLACEMENTS = ['before', 'after'] as const;
export type Placement = (typeof PLACEMENTS)[number];

export const CURRENCY_CODE = { maxLength: 3, pattern: '^[A-Z]{3}$', example: 'EUR' };
const TEXT = '^[^\\u0000-\\u001f\\u007f-\\u009f]+$';
/** Column lengths of the currencies table, in characters (code points). */
const NAME_MAX = 100;
const SYMBOL_MAX = 10;
const UPPER_CODE = /^[A-Z]{3}$/;

/** At most 12 integer and 8 decimal digits, no sign, no exponent, and not zero. */
export const RATE_PATTERN = '^(?=.*[1-9])(0|[1-9][0-9]{0,11})(\\.[0-9]{1,8})?$';
const RATE = new RegExp(RATE_PATTERN);
const RATE_MAX_LENGTH = 21;
/** A calendar day between the years 1000 and 9999 (what both databases store as DATE). */

export class CurrencyDto {
  @ApiProperty({ ...CURRENCY_CODE, description: 'ISO 4217' })
  code: string;

  @ApiProperty({ maxLength: NAME_MAX, pattern: TEXT, example: 'Euro' })
  name: string;

  @ApiProperty({ maxLength: SYMBOL_MAX, pattern: TEXT, example: '€' })
  symbol: string;

  @ApiProperty({ type: 'integer', format: 'int32', minimum: 0, maximum: 4, description: 'Digits after the separator' })
  decimals: number;

  @ApiProperty({ enum: DECIMAL_SEPARATORS })
  decimalSeparator: string;

  @ApiProperty({ enum: THOUSAND_SEPARATORS, description: 'Empty: no thousands separator' })
  thousandSeparator: string;

  @ApiProperty({ enum: PLACEMENTS, description: 'Where the symbol goes' })
  placement: Placement;

  @ApiProperty({ description: 'The one system default currency' })
  isDefault: boolean;

  @ApiProperty({
    description:
      'A document, payment or exchange rate is written in it: its decimals can no longer change (409 CURRENCY_DECIMALS_LOCKED)',
  })
  inUse: boolean;
}

export class CurrencyPageDto extends PageOf(CurrencyDto) {}

export class CreateCurrencyDto {
  @ApiProperty({ ...CURRENCY_CODE, example: 'CHF', description: 'ISO 4217, upper-case' })
  @IsISO4217CurrencyCode()
  @Matches(UPPER_CODE)
  code: string;

  @TextField({ example: 'Swiss franc', max: NAME_MAX, min: 1, description: 'Trimmed' })
  name: string;

  @TextField({ example: 'CHF', max: SYMBOL_MAX, min: 1, description: 'Trimmed' })
  symbol: string;

  @ApiProperty({ example: 2, type: 'integer', format: 'int32', minimum: 0, maximum: 4 })
  @IsInt()
  @Min(0)
  @Max(4)
  decimals: number;

  @ApiProperty({ example: '.', enum: DECIMAL_SEPARATORS })
  @IsIn(DECIMAL_SEPARATORS)
  decimalSeparator: string;

  @ApiProperty({ example: "'", enum: THOUSAND_SEPARATORS, description: 'Empty: no thousands separator' })
  @IsIn(THOUSAND_SEPARATORS)
  thousandSeparator: string;

  @ApiProperty({ example: 'before', enum: PLACEMENTS })
  @IsIn(PLACEMENTS)
  placement: Placement;

  @ApiPropertyOptional({
    example: false,
    default: false,
    description: 'Make it the default; the previous default stops being one',
  })
  @ValidateIf((_dto, value) => value !== undefined)
  @IsBoolean()
  isDefault?: boolean;
}

export class UpdateCurrencyDto extends PatchType(OmitType(CreateCurrencyDto, ['code'] as const)) {}

export class ExchangeRateDto {
  @ApiProperty(CURRENCY_CODE)
  currency: string;

  @ApiProperty({
    description: 'Units of the default currency one unit of this currency is worth',
    maxLength: RATE_MAX_LENGTH,
    pattern: RATE_PATTERN,
    example: '1.0850',
  })
  rate: string;

  @ApiProperty({ ...DAY_SCHEMA, example: '2026-01-31' })
  date: string;
}

export class ExchangeRatePageDto extends PageOf(ExchangeRateDto) {}

export class CreateExchangeRateDto {
  @TextField({
    max: RATE_MAX_LENGTH,
    pattern: RATE_PATTERN,
    description:
      'Units of the default currency one unit of this currency is worth: a decimal string above zero, at most 12 integer and 8 decimal digits',
    example: '1.0850',
  })
  @Matches(RATE)
  rate: string;

  @DayField({ example: '2026-11-20', description: 'YYYY-MM-DD; the same date again replaces its rate' })
  date: string;
}

export class CurrencyListQueryDto extends SortedListQuery(['code', 'name'], 'code') {}

/** One rate per day: rates sort by date and do not search. */
export class ExchangeRateListQueryDto extends SortedListQuery(['date'], '-date', { search: false }) {}
