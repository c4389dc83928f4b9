import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsObject,
  IsOptional,
  IsUUID,
  Matches,
  ValidateNested,
} from 'class-validator';
import {
  DAY_SCHEMA,
  MULTILINE_TEXT_PATTERN,
  QUANTITY_DECIMALS,
  TAX_RATE_DECIMALS,
  UNIT_PRICE_DECIMALS,
  DayField,
  DecimalFormat,
  IsOptionalNotNull,
  SortedListQuery,
  TextField,
  decimalMaxLength,
  decimalPattern,
  AddressDto,
  CustomerAddressDto,
} from '@app/common';

export const MAX_ITEMS = 100;
export const DESCRIPTION_MAX = 1000;

/** Above zero: at most 9 integer and 4 decimal digits. */
export const QUANTITY_FORMAT: DecimalFormat = { decimals: QUANTITY_DECIMALS, integerDigits: 9, nonZero: true };
/** Zero or more: at most 12 integer and 4 decimal digits. */
export const UNIT_PRICE_FORMAT: DecimalFormat = { decimals: UNIT_PRICE_DECIMALS, integerDigits: 12 };
/** A percentage from 0 to 100, at most 4 decimal digits. */
export const TAX_RATE_PATTERN = `^(100(\\.0{1,${TAX_RATE_DECIMALS}})?|[1-9]?[0-9](\\.[0-9]{1,${TAX_RATE_DECIMALS}})?)$`;

/** A money amount in an answer: a decimal string with the currency's decimals. */
export const AMOUNT = {
  type: 'string',
  maxLength: 20,
  pattern: '^-?[0-9]{1,16}(\\.[0-9]{1,4})?$',
  example: '1250.00',
} as const;

export class DocumentItemDto {
  @TextField({ example: 'Consulting, January', max: DESCRIPTION_MAX, min: 1, multiline: true })
  description: string;

  @TextField({
    example: '2.5',
    max: decimalMaxLength(QUANTITY_FORMAT),
    pattern: decimalPattern(QUANTITY_FORMAT),
    description: 'A decimal string above zero, at most 4 decimals (no exponent, no sign)',
  })
  @Matches(new RegExp(decimalPattern(QUANTITY_FORMAT)))
  quantity: string;

  @TextField({
    example: '120.00',
    max: decimalMaxLength(UNIT_PRICE_FORMAT),
    pattern: decimalPattern(UNIT_PRICE_FORMAT),
    description: "A decimal string, at most 4 decimals; the line's net is rounded half-up to the currency's minor unit",
  })
  @Matches(new RegExp(decimalPattern(UNIT_PRICE_FORMAT)))
  unitPrice: string;

  @TextField({
    example: '19',
    max: 8,
    pattern: TAX_RATE_PATTERN,
    description: "Percent, 0 to 100, at most 4 decimals; the line's tax is rounded half-up to the minor unit",
  })
  @Matches(new RegExp(TAX_RATE_PATTERN))
  taxRate: string;
}

/** The `items` of a document body: 1 to MAX_ITEMS valid lines; optional on an update, never null. */
export const DocumentItems = (required: boolean): PropertyDecorator =>
  applyDecorators(
    (required ? ApiProperty : ApiPropertyOptional)({
      type: [DocumentItemDto],
      minItems: 1,
      maxItems: MAX_ITEMS,
      description: 'The lines, in order; on an update they replace all lines',
      example: [
        { description: 'Consulting, January', quantity: '2.5', unitPrice: '120.00', taxRate: '19' },
        { description: 'Travel', quantity: '1', unitPrice: '45.90', taxRate: '7' },
      ],
    }),
    ...(required ? [] : [IsOptionalNotNull()]),
    IsArray(),
    ArrayMinSize(1),
    ArrayMaxSize(MAX_ITEMS),
    ValidateNested({ each: true }),
    Type(() => DocumentItemDto),
  );

/** A document's number in an answer: the series prefix and at least six digits; null while a draft. */
export const DocumentNumber = (example: string): PropertyDecorator =>
  ApiProperty({
    type: 'string',
    maxLength: 40,
    nullable: true,
    pattern: '^[A-Za-z0-9._/#-]*[0-9]{6,}$',
    example,
    description: 'The series prefix and at least six digits; null while a draft',
  });

export class DocumentLineDto {
  @ApiProperty({ maxLength: DESCRIPTION_MAX, pattern: MULTILINE_TEXT_PATTERN })
  description: string;
  @ApiProperty({ maxLength: decimalMaxLength(QUANTITY_FORMAT), pattern: decimalPattern(QUANTITY_FORMAT) })
  quantity: string;
  @ApiProperty({ maxLength: decimalMaxLength(UNIT_PRICE_FORMAT), pattern: decimalPattern(UNIT_PRICE_FORMAT) })
  unitPrice: string;
  @ApiProperty({ maxLength: 8, pattern: TAX_RATE_PATTERN })
  taxRate: string;
  @ApiProperty({ ...AMOUNT, description: "quantity × unitPrice, rounded half-up to the currency's minor unit" })
  net: string;
  @ApiProperty({ ...AMOUNT, description: 'net × taxRate / 100, rounded half-up to the minor unit' })
  tax: string;
}

/** The addresses an update may give one document (never the customer's). */
export class DocumentAddressesUpdateDto {
  @ApiPropertyOptional({
    type: AddressDto,
    description: "Replaces this document's billing address (not the customer's)",
  })
  @IsOptionalNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => AddressDto)
  billingAddress?: AddressDto;

  @ApiPropertyOptional({ type: AddressDto, nullable: true, description: 'null: no shipping address' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => AddressDto)
  shippingAddress?: AddressDto | null;
}

/** What every sales document answers; each kind adds its number, status and own fields. */
export class SalesDocumentDto {
  @ApiProperty({ format: 'uuid', maxLength: 36 })
  id: string;
  @ApiProperty({ format: 'uuid', maxLength: 36 })
  customerId: string;
  @ApiProperty({ maxLength: 3, pattern: '^[A-Z]{3}$', example: 'EUR', description: "The customer's currency" })
  currency: string;
  @ApiProperty(DAY_SCHEMA)
  date: string;
  @ApiProperty({ type: [DocumentLineDto], maxItems: MAX_ITEMS })
  items: DocumentLineDto[];
  @ApiProperty({ ...AMOUNT, description: 'The sum of the rounded line nets' })
  subtotal: string;
  @ApiProperty({ ...AMOUNT, description: 'The sum of the rounded line taxes' })
  taxTotal: string;
  @ApiProperty(AMOUNT)
  total: string;
  @ApiProperty({ type: CustomerAddressDto, description: "The customer's billing address when created (a snapshot)" })
  billingAddress: CustomerAddressDto;
  @ApiProperty({ type: CustomerAddressDto, nullable: true, description: "The customer's shipping address, if any" })
  shippingAddress: CustomerAddressDto | null;
  @ApiProperty({ type: 'integer', format: 'int32', minimum: 1, maximum: 2147483647 })
  version: number;
  @ApiProperty({ type: 'string', format: 'uuid', maxLength: 36, nullable: true })
  createdBy: string | null;
  @ApiProperty({ format: 'date-time', maxLength: 30 })
  createdAt: string;
  @ApiProperty({ format: 'date-time', maxLength: 30 })
  updatedAt: string;
}

/** The filters every document list has: customer, currency and a date range; sorted by number or date. */
export class DocumentListQueryDto extends SortedListQuery(['number', 'date'], '-date', { search: false }) {
  @ApiPropertyOptional({ format: 'uuid', maxLength: 36, description: "Only this customer's documents" })
  @IsOptional()
  @IsUUID()
  customerId?: string;

  @DayField({ example: '2026-01-01', optional: true, description: 'Only documents dated on or after this day' })
  dateFrom?: string;

  @DayField({ example: '2026-12-31', optional: true, description: 'Only documents dated on or before this day' })
  dateTo?: string;

  @ApiPropertyOptional({
    type: 'string',
    maxLength: 3,
    pattern: '^[A-Z]{3}$',
    description: 'Only documents in this currency',
  })
  @IsOptional()
  @Matches(/^[A-Z]{3}$/)
  currency?: string;
}
