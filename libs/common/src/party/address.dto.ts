import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO31661Alpha2, Matches, ValidateIf } from 'class-validator';
import { TextField } from '../text-field';

const TEXT = '^[^\\u0000-\\u001f]*$';

/** Column lengths of a party's details (a customer, the company in settings), in characters (code points). */
export const COMPANY_MAX = 191;
export const VAT_MAX = 50;
export const WEBSITE_MAX = 255;
const STREET_MAX = 255;
const CITY_MAX = 100;
const STATE_MAX = 100;
const ZIP_MAX = 20;

/** An address as sent: every part optional, empty parts as none. */
export class AddressDto {
  @TextField({ example: 'Hauptstraße 5', max: STREET_MAX, optional: true, nullable: true })
  street?: string | null;

  @TextField({ example: 'Berlin', max: CITY_MAX, optional: true, nullable: true })
  city?: string | null;

  @TextField({ example: 'Berlin', max: STATE_MAX, optional: true, nullable: true })
  state?: string | null;

  @TextField({ example: '10115', max: ZIP_MAX, optional: true, nullable: true })
  zip?: string | null;

  @ApiPropertyOptional({
    example: 'DE',
    type: 'string',
    description: 'ISO 3166-1 alpha-2; empty: none',
    maxLength: 2,
    pattern: '^([A-Z]{2})?$',
    nullable: true,
  })
  @ValidateIf((_dto: unknown, value: unknown) => value !== null && value !== undefined && value !== '')
  @IsISO31661Alpha2()
  @Matches(/^[A-Z]{2}$/)
  country?: string | null;
}

/** An address as answered: every part present. */
export class CustomerAddressDto {
  @ApiProperty({ type: 'string', maxLength: STREET_MAX, nullable: true, pattern: TEXT })
  street: string | null;
  @ApiProperty({ type: 'string', maxLength: CITY_MAX, nullable: true, pattern: TEXT })
  city: string | null;
  @ApiProperty({ type: 'string', maxLength: STATE_MAX, nullable: true, pattern: TEXT })
  state: string | null;
  @ApiProperty({ type: 'string', maxLength: ZIP_MAX, nullable: true, pattern: TEXT })
  zip: string | null;
  @ApiProperty({ type: 'string', maxLength: 2, nullable: true, pattern: '^[A-Z]{2}$' })
  country: string | null;
}
