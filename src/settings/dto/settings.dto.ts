import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsString,
  Matches,
  Max,
  Min,
  ValidateBy,
  ValidateNested,
  buildMessage,
  isEmail,
} from 'class-validator';
import {
  EMAIL_MAX,
  IsOptionalNotNull,
  PageOf,
  PHONE_MAX,
  PhoneField,
  TEXT_PATTERN,
  TextField,
  hasControlCharacter,
  AddressDto,
  COMPANY_MAX,
  CustomerAddressDto,
  VAT_MAX,
  WEBSITE_MAX,
  translatedLanguages,
} from '@app/common';
import { ActivityDto } from '../../audit/dto/activity.dto';
import { PORTAL_PERMISSIONS, type PortalPermission } from '../../permissions/portal-permissions';
import { TIME_ZONE_PATTERN, isTimeZone } from '../settings';

/** Lengths, in characters (code points); the company's are the customer's. */
const COMPANY_NAME_MAX = COMPANY_MAX;
const URL_MAX = WEBSITE_MAX;
const TIME_ZONE_MAX = 64;
const PREFIX_MAX = 20;
export const PAYMENT_MODE_MAX = 32;
const PAYMENT_MODES_MAX = 20;
const DUE_DAYS_MAX = 365;

const CURRENCY_PATTERN = '^[A-Z]{3}$';
const URL_PATTERN = /^https?:\/\/[^\s]+$/i;
const PREFIX_PATTERN = '^[A-Za-z0-9._/#-]*$';
/** A lower-case slug of at most PAYMENT_MODE_MAX characters. */
export const PAYMENT_MODE_PATTERN = '^[a-z][a-z0-9_-]{0,31}$';

const LANGUAGES = [...translatedLanguages()];

/** An IANA time zone this server knows (`Europe/Berlin`), or `UTC`; named `isTimeZone`. */
function IsTimeZone(): PropertyDecorator {
  return ValidateBy({
    name: 'isTimeZone',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && isTimeZone(value),
      defaultMessage: buildMessage((each) => `${each}$property must be an IANA time zone`),
    },
  });
}

/** An optional http(s) URL that may be null (cleared). */
function UrlField(example: string, description: string): PropertyDecorator {
  return applyDecorators(
    TextField({ max: URL_MAX, optional: true, nullable: true, format: 'uri', example, description }),
    Matches(URL_PATTERN),
  );
}

/** An optional email address that may be null (cleared); named `isEmail`. */
function NullableEmailField(example: string): PropertyDecorator {
  return applyDecorators(
    TextField({ max: EMAIL_MAX, optional: true, nullable: true, format: 'email', example }),
    ValidateBy({
      name: 'isEmail',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && !hasControlCharacter(value) && isEmail(value),
        defaultMessage: buildMessage((each) => `${each}$property must be an email`),
      },
    }),
  );
}

// ---------------------------------------------------------------------------------------
// The answer.

export class CompanyDto {
  @ApiProperty({ type: 'string', maxLength: COMPANY_NAME_MAX, nullable: true, pattern: TEXT_PATTERN })
  name: string | null;
  @ApiProperty({ type: 'string', maxLength: VAT_MAX, nullable: true, pattern: TEXT_PATTERN })
  vat: string | null;
  @ApiProperty({ type: 'string', maxLength: PHONE_MAX, nullable: true, pattern: TEXT_PATTERN })
  phone: string | null;
  @ApiProperty({ type: 'string', maxLength: EMAIL_MAX, nullable: true, format: 'email' })
  email: string | null;
  @ApiProperty({ type: 'string', maxLength: URL_MAX, nullable: true, format: 'uri' })
  website: string | null;
  @ApiProperty({ type: CustomerAddressDto })
  address: CustomerAddressDto;
}

export class SettingsDto {
  @ApiProperty({
    type: 'integer',
    format: 'int32',
    minimum: 1,
    maximum: 2147483647,
    description: 'Advanced by every change; also the ETag, for If-Match',
    example: 3,
  })
  version: number;

  @ApiProperty({ default: false, description: 'Anyone may register a company and its contact through the portal' })
  allowRegistration: boolean;

  @ApiProperty({
    default: true,
    description: 'Registered customers and contacts stay inactive until staff confirm them',
  })
  registrationRequiresApproval: boolean;

  @ApiProperty({
    enum: PORTAL_PERMISSIONS,
    isArray: true,
    maxItems: PORTAL_PERMISSIONS.length,
    default: [...PORTAL_PERMISSIONS],
    description: 'Portal permissions of contacts created by registration or import',
  })
  defaultContactPermissions: PortalPermission[];

  @ApiProperty({ default: false, description: 'The primary contact may manage the other contacts in the portal' })
  primaryContactManagesContacts: boolean;

  @ApiProperty({ default: false, description: "Contacts may edit their company's details in the portal" })
  contactsMayEditCompany: boolean;

  @ApiProperty({
    default: false,
    description: "PDFs from the admin API in the customer's language instead of the default language",
  })
  pdfInClientLanguage: boolean;

  @ApiProperty({
    type: 'string',
    maxLength: 3,
    pattern: CURRENCY_PATTERN,
    nullable: true,
    example: 'EUR',
    description: 'The currency marked `isDefault` in currencies (the same flag, not a copy)',
  })
  defaultCurrency: string | null;

  @ApiProperty({
    enum: LANGUAGES,
    example: 'en',
    description:
      'The system default language: for callers without a language of their own, and PDFs from the admin API. Initially DEFAULT_LANGUAGE',
  })
  defaultLanguage: string;

  @ApiProperty({
    maxLength: TIME_ZONE_MAX,
    pattern: TIME_ZONE_PATTERN,
    default: 'UTC',
    example: 'Europe/Berlin',
    description: 'The company time zone (IANA), in which report periods are computed',
  })
  timezone: string;

  @ApiProperty({ type: CompanyDto, description: "The company's details, printed on documents" })
  company: CompanyDto;

  @ApiProperty({
    type: 'string',
    maxLength: URL_MAX,
    format: 'uri',
    nullable: true,
    default: null,
    example: 'https://portal.example.com/login',
    description: 'The portal login address the welcome email links to',
  })
  portalUrl: string | null;

  @ApiProperty({
    type: 'array',
    items: { type: 'string', maxLength: PAYMENT_MODE_MAX, pattern: PAYMENT_MODE_PATTERN },
    maxItems: PAYMENT_MODES_MAX,
    default: ['bank', 'cash', 'card'],
    description: 'The payment modes a payment may name',
  })
  paymentModes: string[];

  @ApiProperty({
    maxLength: PREFIX_MAX,
    pattern: PREFIX_PATTERN,
    default: 'INV-',
    description: 'Prefix of invoice numbers',
  })
  invoiceNumberPrefix: string;

  @ApiProperty({
    maxLength: PREFIX_MAX,
    pattern: PREFIX_PATTERN,
    default: 'EST-',
    description: 'Prefix of estimate numbers',
  })
  estimateNumberPrefix: string;

  @ApiProperty({
    maxLength: PREFIX_MAX,
    pattern: PREFIX_PATTERN,
    default: 'CN-',
    description: 'Prefix of credit note numbers',
  })
  creditNoteNumberPrefix: string;

  @ApiProperty({
    type: 'integer',
    format: 'int32',
    minimum: 0,
    maximum: DUE_DAYS_MAX,
    default: 30,
    description: "Days from an invoice's date to its due date, unless the invoice says otherwise",
  })
  invoiceDueDays: number;

  @ApiProperty({
    type: 'integer',
    format: 'int32',
    minimum: 0,
    maximum: DUE_DAYS_MAX,
    default: 30,
    description: "Days from an estimate's date to its expiry date, unless the estimate says otherwise",
  })
  estimateValidityDays: number;
}

// ---------------------------------------------------------------------------------------
// The request.

/** Company details to change: each member sent replaces that one (null clears it); the rest stay. */
export class UpdateCompanyDto {
  @TextField({ example: 'Acme Consulting GmbH', max: COMPANY_NAME_MAX, optional: true, nullable: true })
  name?: string | null;

  @TextField({ example: 'DE 123 456 789', max: VAT_MAX, optional: true, nullable: true, description: 'Free text' })
  vat?: string | null;

  @PhoneField('+49 30 7654321')
  phone?: string | null;

  @NullableEmailField('billing@acme.example')
  email?: string | null;

  @UrlField('https://acme.example', "The company's website")
  website?: string | null;

  @ApiPropertyOptional({
    type: AddressDto,
    description: 'Address members to change: each member sent replaces that one (null clears it); the rest stay',
  })
  @IsOptionalNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => AddressDto)
  address?: AddressDto;
}

/**
 * A partial change of the settings: only the keys sent change. Every key is validated;
 * one invalid key refuses the whole request and nothing changes.
 */
export class UpdateSettingsDto {
  @ApiPropertyOptional({ example: false, description: 'Anyone may register through the portal' })
  @IsOptionalNotNull()
  @IsBoolean()
  allowRegistration?: boolean;

  @ApiPropertyOptional({ example: true, description: 'Registrations wait for staff approval' })
  @IsOptionalNotNull()
  @IsBoolean()
  registrationRequiresApproval?: boolean;

  @ApiPropertyOptional({
    example: ['invoices', 'estimates', 'support'],
    enum: PORTAL_PERMISSIONS,
    isArray: true,
    maxItems: PORTAL_PERMISSIONS.length,
    description: 'Portal permissions of contacts created by registration or import (the portal catalogue)',
  })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(PORTAL_PERMISSIONS.length)
  @ArrayUnique()
  @IsIn([...PORTAL_PERMISSIONS], { each: true })
  defaultContactPermissions?: PortalPermission[];

  @ApiPropertyOptional({ example: false, description: 'The primary contact may manage the other contacts' })
  @IsOptionalNotNull()
  @IsBoolean()
  primaryContactManagesContacts?: boolean;

  @ApiPropertyOptional({ example: false, description: "Contacts may edit their company's details in the portal" })
  @IsOptionalNotNull()
  @IsBoolean()
  contactsMayEditCompany?: boolean;

  @ApiPropertyOptional({ example: false, description: "Admin-API PDFs in the customer's language" })
  @IsOptionalNotNull()
  @IsBoolean()
  pdfInClientLanguage?: boolean;

  @ApiPropertyOptional({
    type: 'string',
    minLength: 3,
    maxLength: 3,
    pattern: CURRENCY_PATTERN,
    example: 'USD',
    description: 'Code of an existing currency: it becomes the default currency (as PATCH currencies/{code})',
  })
  @IsOptionalNotNull()
  @IsString()
  @Matches(new RegExp(CURRENCY_PATTERN))
  defaultCurrency?: string;

  @ApiPropertyOptional({ enum: LANGUAGES, example: 'en', description: 'One of the languages with translations' })
  @IsOptionalNotNull()
  @IsIn(LANGUAGES)
  defaultLanguage?: string;

  @TextField({
    max: TIME_ZONE_MAX,
    optional: true,
    pattern: TIME_ZONE_PATTERN,
    example: 'Europe/Berlin',
    description: 'An IANA time zone, or UTC',
  })
  @IsTimeZone()
  timezone?: string;

  @ApiPropertyOptional({
    type: UpdateCompanyDto,
    description: 'Company members to change; members not sent stay as they are',
  })
  @IsOptionalNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => UpdateCompanyDto)
  company?: UpdateCompanyDto;

  @UrlField('https://portal.example.com/login', 'The portal login address the welcome email links to; null: none')
  portalUrl?: string | null;

  @ApiPropertyOptional({
    example: ['bank', 'cash', 'card', 'paypal'],
    type: 'array',
    items: { type: 'string', minLength: 1, maxLength: PAYMENT_MODE_MAX, pattern: PAYMENT_MODE_PATTERN },
    minItems: 1,
    maxItems: PAYMENT_MODES_MAX,
    uniqueItems: true,
    description: 'The payment-mode catalogue: lower-case slugs, at least one',
  })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(PAYMENT_MODES_MAX)
  @ArrayUnique()
  @IsString({ each: true })
  @Matches(new RegExp(PAYMENT_MODE_PATTERN), { each: true })
  paymentModes?: string[];

  @TextField({
    max: PREFIX_MAX,
    optional: true,
    pattern: PREFIX_PATTERN,
    example: 'INV-',
    description: 'Prefix of invoice numbers: letters, digits and . _ / # -',
  })
  @Matches(new RegExp(PREFIX_PATTERN))
  invoiceNumberPrefix?: string;

  @TextField({
    max: PREFIX_MAX,
    optional: true,
    pattern: PREFIX_PATTERN,
    example: 'EST-',
    description: 'Prefix of estimate numbers: letters, digits and . _ / # -',
  })
  @Matches(new RegExp(PREFIX_PATTERN))
  estimateNumberPrefix?: string;

  @TextField({
    max: PREFIX_MAX,
    optional: true,
    pattern: PREFIX_PATTERN,
    example: 'CN-',
    description: 'Prefix of credit note numbers: letters, digits and . _ / # -',
  })
  @Matches(new RegExp(PREFIX_PATTERN))
  creditNoteNumberPrefix?: string;

  @ApiPropertyOptional({
    type: 'integer',
    format: 'int32',
    minimum: 0,
    maximum: DUE_DAYS_MAX,
    example: 30,
    description: "Days from an invoice's date to its due date",
  })
  @IsOptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(DUE_DAYS_MAX)
  invoiceDueDays?: number;

  @ApiPropertyOptional({
    type: 'integer',
    format: 'int32',
    minimum: 0,
    maximum: DUE_DAYS_MAX,
    example: 30,
    description: "Days from an estimate's date to its expiry date",
  })
  @IsOptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(DUE_DAYS_MAX)
  estimateValidityDays?: number;
}

// ---------------------------------------------------------------------------------------
// The trail.

export class SettingsActivityDto extends OmitType(ActivityDto, ['entityType', 'entityId', 'action'] as const) {
  @ApiProperty({ enum: ['settings'] })
  entityType: string;

  @ApiProperty({ enum: ['settings'], description: 'The settings are one record' })
  entityId: string;

  @ApiProperty({ enum: ['update'] })
  action: string;
}

export class SettingsActivityPageDto extends PageOf(SettingsActivityDto) {}
