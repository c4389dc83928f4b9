import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsObject,
  IsOptional,
  IsUUID,
  Matches,
  ValidateNested,
} from 'class-validator';
import {
  IsOptionalNotNull,
  PageOf,
  PatchType,
  PHONE_MAX,
  PhoneField,
  ProblemDetailsDto,
  SortedListQuery,
  TextField,
  ActiveChoice,
  ActiveFilter,
  AddressDto,
  COMPANY_MAX,
  CustomerAddressDto,
  VAT_MAX,
  WEBSITE_MAX,
} from '@app/common';
import { SUPPORTED_LANGUAGES } from '../../config/environment';
import { PORTAL_PERMISSIONS, type PortalPermission } from '../../permissions/portal-permissions';
import { CreatedContactDto, PrimaryContactDto } from '../../contacts/dto/contact.dto';
import { DUPLICATE_MATCHES, type DuplicateMatch } from '../customers.errors';

const TEXT = '^[^\\u0000-\\u001f]*$';
export const MAX_GROUPS = 50;

class CustomerFieldsDto {
  @TextField({ example: 'Müller & Söhne GmbH', max: COMPANY_MAX, min: 1 })
  company: string;

  @TextField({ example: 'DE 123 456 789', max: VAT_MAX, optional: true, nullable: true, description: 'Free text' })
  vat?: string | null;

  @PhoneField('+49 30 1234567')
  phone?: string | null;

  @TextField({
    example: 'https://mueller-soehne.example',
    max: WEBSITE_MAX,
    optional: true,
    nullable: true,
    format: 'uri',
  })
  @Matches(/^https?:\/\/[^\s]+$/i)
  website?: string | null;

  @ApiPropertyOptional({ type: AddressDto })
  @IsOptionalNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => AddressDto)
  address?: AddressDto;

  @ApiPropertyOptional({ type: AddressDto })
  @IsOptionalNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => AddressDto)
  billingAddress?: AddressDto;

  @ApiPropertyOptional({ type: AddressDto, nullable: true, description: 'null: no separate shipping address' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => AddressDto)
  shippingAddress?: AddressDto | null;

  @ApiPropertyOptional({
    example: 'EUR',
    type: 'string',
    description: 'ISO 4217; null: the default currency',
    maxLength: 3,
    pattern: '^[A-Z]{3}$',
    nullable: true,
  })
  @IsOptional()
  @Matches(/^[A-Z]{3}$/)
  currency?: string | null;

  @ApiPropertyOptional({
    example: 'de',
    enum: SUPPORTED_LANGUAGES,
    nullable: true,
    description: 'null: the default language',
  })
  @IsOptional()
  @IsIn([...SUPPORTED_LANGUAGES])
  language?: string | null;

  @ApiPropertyOptional({
    example: [],
    type: 'array',
    items: { type: 'string', format: 'uuid', maxLength: 36 },
    maxItems: MAX_GROUPS,
  })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(MAX_GROUPS)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  groupIds?: string[];

  @ApiPropertyOptional({ example: true, default: true })
  @IsOptionalNotNull()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ example: false, description: 'Copy the address into the billing address', default: false })
  @IsOptionalNotNull()
  @IsBoolean()
  copyBillingFromAddress?: boolean;

  @ApiPropertyOptional({
    example: false,
    description: 'Copy the billing address into the shipping address',
    default: false,
  })
  @IsOptionalNotNull()
  @IsBoolean()
  copyShippingFromBilling?: boolean;
}

export class CreateCustomerDto extends CustomerFieldsDto {
  @ApiPropertyOptional({ type: PrimaryContactDto })
  @IsOptionalNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => PrimaryContactDto)
  primaryContact?: PrimaryContactDto;

  @ApiPropertyOptional({
    example: ['invoices', 'estimates', 'support'],
    enum: PORTAL_PERMISSIONS,
    isArray: true,
    maxItems: PORTAL_PERMISSIONS.length,
    description: "The primary contact's portal permissions; without it, all of them",
  })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(PORTAL_PERMISSIONS.length)
  @ArrayUnique()
  @IsIn([...PORTAL_PERMISSIONS], { each: true })
  portalPermissions?: PortalPermission[];

  @ApiPropertyOptional({ example: true, default: true, description: 'Send the primary contact the welcome email' })
  @IsOptionalNotNull()
  @IsBoolean()
  sendWelcomeEmail?: boolean;

  @ApiPropertyOptional({ example: false, default: false, description: 'Create even when a likely duplicate exists' })
  @IsOptionalNotNull()
  @IsBoolean()
  force?: boolean;
}

export class QuickCreateCustomerDto extends PickType(CreateCustomerDto, [
  'company',
  'primaryContact',
  'sendWelcomeEmail',
  'force',
] as const) {}

export class UpdateCustomerDto extends PatchType(CustomerFieldsDto) {
  @ApiPropertyOptional({
    example: false,
    description:
      "With a changed billing or shipping address: the customer's open documents (drafts and invoices not paid or cancelled) take the new addresses too. Without it, documents keep the addresses they were made with.",
  })
  @IsOptionalNotNull()
  @IsBoolean()
  applyToOpenDocuments?: boolean;
}

export class CustomerDto {
  @ApiProperty({ format: 'uuid', maxLength: 36 })
  id: string;
  @ApiProperty({ maxLength: COMPANY_MAX, pattern: TEXT })
  company: string;
  @ApiProperty({ type: 'string', maxLength: VAT_MAX, nullable: true, pattern: TEXT })
  vat: string | null;
  @ApiProperty({ type: 'string', maxLength: PHONE_MAX, nullable: true, pattern: TEXT })
  phone: string | null;
  @ApiProperty({ type: 'string', maxLength: WEBSITE_MAX, nullable: true, format: 'uri' })
  website: string | null;
  @ApiProperty({ type: CustomerAddressDto })
  address: CustomerAddressDto;
  @ApiProperty({ type: CustomerAddressDto })
  billingAddress: CustomerAddressDto;
  @ApiProperty({ type: CustomerAddressDto, nullable: true })
  shippingAddress: CustomerAddressDto | null;
  @ApiProperty({ type: 'string', maxLength: 3, nullable: true, pattern: '^[A-Z]{3}$' })
  currency: string | null;
  @ApiProperty({ enum: SUPPORTED_LANGUAGES, nullable: true })
  language: string | null;
  @ApiProperty({
    type: 'array',
    items: { type: 'string', format: 'uuid', maxLength: 36 },
    maxItems: MAX_GROUPS,
  })
  groupIds: string[];
  @ApiProperty()
  active: boolean;
  @ApiProperty({ type: 'integer', format: 'int32', minimum: 1, maximum: 2147483647 })
  version: number;
  @ApiProperty({ type: 'integer', format: 'int32', minimum: 0, maximum: 2147483647 })
  transactionCount: number;
  @ApiProperty({ format: 'date-time', maxLength: 30 })
  createdAt: string;
  @ApiProperty({ type: 'string', format: 'uuid', maxLength: 36, nullable: true })
  createdBy: string | null;
  @ApiProperty({ format: 'date-time', maxLength: 30 })
  updatedAt: string;
}

export class CreatedCustomerDto extends CustomerDto {
  @ApiProperty({ type: CreatedContactDto, nullable: true })
  primaryContact: CreatedContactDto | null;
}

export class CustomerPageDto extends PageOf(CustomerDto) {}

export class CustomerListQueryDto extends SortedListQuery(['company', 'createdAt'], 'company') {
  @ApiPropertyOptional({ format: 'uuid', maxLength: 36, description: 'Only members of this customer group' })
  @IsOptional()
  @IsUUID()
  groupId?: string;

  @ActiveFilter('true', 'customers')
  active?: ActiveChoice;

  @ApiPropertyOptional({
    type: 'string',
    maxLength: 3,
    pattern: '^[A-Z]{3}$',
    description: 'Only customers billed in this currency (ISO 4217; customers without one use the default)',
  })
  @IsOptional()
  @Matches(/^[A-Z]{3}$/)
  currency?: string;

  @ApiPropertyOptional({
    type: 'string',
    maxLength: 2,
    pattern: '^[A-Z]{2}$',
    description: 'Only customers whose main address (not billing or shipping) is in this country (ISO 3166-1 alpha-2)',
  })
  @IsOptional()
  @Matches(/^[A-Z]{2}$/)
  country?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'true: only customers the caller is an admin of' })
  @IsOptional()
  @IsIn(['true', 'false'])
  assignedToMe?: 'true' | 'false';

  @ApiPropertyOptional({
    enum: ['json', 'csv'],
    default: 'json',
    description: 'csv: every matching customer, streamed',
  })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

export class AssignAdminDto {
  @ApiProperty({ example: '0190f5f2-7c1e-7a3b-9d4e-5f6a7b8c9d0e', format: 'uuid', maxLength: 36 })
  @IsUUID()
  staffId: string;
}

export class CustomerAdminDto {
  @ApiProperty({ format: 'uuid', maxLength: 36 })
  staffId: string;
  @ApiProperty({ format: 'email', maxLength: 254 })
  email: string;
  @ApiProperty({ maxLength: 100, pattern: TEXT })
  firstName: string;
  @ApiProperty({ maxLength: 100, pattern: TEXT })
  lastName: string;
  @ApiProperty({ format: 'date-time', maxLength: 30 })
  assignedAt: string;
}

export class CustomerAdminPageDto extends PageOf(CustomerAdminDto) {}

export class DuplicateCustomerDto {
  @ApiProperty({ format: 'uuid', maxLength: 36 })
  id: string;
  @ApiProperty({ type: 'string', maxLength: COMPANY_MAX, pattern: TEXT })
  company: string;
  @ApiProperty({ enum: DUPLICATE_MATCHES, isArray: true, maxItems: DUPLICATE_MATCHES.length })
  matchedOn: DuplicateMatch[];
}

/** 409 of a create: CUSTOMER_DUPLICATE says what matched and names the duplicates the caller may see. */
export class CustomerConflictProblemDto extends ProblemDetailsDto {
  @ApiPropertyOptional({
    enum: DUPLICATE_MATCHES,
    isArray: true,
    maxItems: DUPLICATE_MATCHES.length,
    description: 'CUSTOMER_DUPLICATE: what matched an existing customer',
  })
  matchedOn?: DuplicateMatch[];

  @ApiPropertyOptional({
    type: [DuplicateCustomerDto],
    maxItems: 30,
    description: 'CUSTOMER_DUPLICATE: the matching customers the caller may see (others are not named)',
  })
  duplicates?: DuplicateCustomerDto[];
}

/** 409 of a delete: the customer has transactions; deactivate it instead. */
export class CustomerHasTransactionsProblemDto extends ProblemDetailsDto {
  @ApiProperty({ type: 'integer', format: 'int32', minimum: 1, maximum: 2147483647, example: 2 })
  transactionCount: number;
}
