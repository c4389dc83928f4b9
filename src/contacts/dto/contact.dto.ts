import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsObject, ValidateNested } from 'class-validator';
import {
  EMAIL_MAX,
  EmailField,
  IsOptionalNotNull,
  PHONE_MAX,
  PageOf,
  PatchType,
  PhoneField,
  SortedListQuery,
  TEXT_PATTERN,
  TextField,
  ActiveChoice,
  ActiveFilter,
} from '@app/common';
import { PORTAL_PERMISSIONS, type PortalPermission } from '../../permissions/portal-permissions';

/** Column lengths of the contacts table, in characters (code points). */
const NAME_MAX = 100;
const TITLE_MAX = 100;
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;

export class PrimaryContactDto {
  @TextField({ example: 'Anna', max: NAME_MAX, min: 1 })
  firstName: string;

  @TextField({ example: 'Berg', max: NAME_MAX, min: 1 })
  lastName: string;

  @EmailField('anna.berg@mueller-soehne.example')
  email: string;

  @PhoneField('+49 30 1234568')
  phone?: string | null;

  @TextField({ example: 'Managing director', max: TITLE_MAX, optional: true, nullable: true })
  title?: string | null;

  @TextField({
    example: 'correct horse battery staple',
    max: PASSWORD_MAX,
    min: PASSWORD_MIN,
    optional: true,
    format: 'password',
    description: 'Portal password; without it the welcome email carries a set-password link',
  })
  password?: string;
}

export class CreatedContactDto {
  @ApiProperty({ format: 'uuid', maxLength: 36 })
  id: string;
  @ApiProperty({ format: 'email', maxLength: EMAIL_MAX })
  email: string;
  @ApiProperty({ enum: PORTAL_PERMISSIONS, isArray: true, maxItems: PORTAL_PERMISSIONS.length })
  permissions: PortalPermission[];
}

/** Email notification preferences, one flag per kind of email. */
export class EmailNotificationsDto {
  @ApiProperty({ example: true, description: 'Invoice emails (needs the invoices permission)' })
  invoices: boolean;
  @ApiProperty({ example: true, description: 'Estimate emails (needs the estimates permission)' })
  estimates: boolean;
  @ApiProperty({ example: true, description: 'Credit-note emails (needs the invoices permission)' })
  creditNotes: boolean;
  @ApiProperty({ example: false, description: 'Contract emails' })
  contracts: boolean;
  @ApiProperty({ example: true, description: 'Support ticket emails (needs the support permission)' })
  tickets: boolean;
  @ApiProperty({ example: false, description: 'Project emails' })
  projects: boolean;
  @ApiProperty({ example: false, description: 'Task emails' })
  tasks: boolean;
}

const notificationFlag = (description: string, example: boolean) =>
  applyDecorators(ApiPropertyOptional({ example, description }), IsOptionalNotNull(), IsBoolean());

/** The preferences a request changes; the others stay as they are (or as the permissions start them). */
export class EmailNotificationsPatchDto {
  @notificationFlag('Invoice emails (stay off without the invoices permission)', true)
  invoices?: boolean;
  @notificationFlag('Estimate emails (stay off without the estimates permission)', true)
  estimates?: boolean;
  @notificationFlag('Credit-note emails (stay off without the invoices permission)', true)
  creditNotes?: boolean;
  @notificationFlag('Contract emails', false)
  contracts?: boolean;
  @notificationFlag('Support ticket emails (stay off without the support permission)', true)
  tickets?: boolean;
  @notificationFlag('Project emails', false)
  projects?: boolean;
  @notificationFlag('Task emails', false)
  tasks?: boolean;
}

export class CreateContactDto extends PrimaryContactDto {
  @ApiPropertyOptional({
    example: true,
    default: false,
    description:
      "Make it the customer's primary contact (the previous one stops being primary). The first contact of a customer is primary whatever this says.",
  })
  @IsOptionalNotNull()
  @IsBoolean()
  isPrimary?: boolean;

  @ApiPropertyOptional({
    example: true,
    description:
      'Whether the contact may sign into the portal. Default: true, or false under an inactive customer (where true answers 409 CUSTOMER_INACTIVE).',
  })
  @IsOptionalNotNull()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({
    example: ['invoices', 'estimates', 'support'],
    enum: PORTAL_PERMISSIONS,
    isArray: true,
    maxItems: PORTAL_PERMISSIONS.length,
    description: 'Portal permissions; without it, all of them',
  })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(PORTAL_PERMISSIONS.length)
  @ArrayUnique()
  @IsIn([...PORTAL_PERMISSIONS], { each: true })
  permissions?: PortalPermission[];

  @ApiPropertyOptional({
    type: EmailNotificationsPatchDto,
    description:
      'Email notification preferences; they start from the permissions (invoices → invoice and credit-note emails, estimates → estimate emails, support → ticket emails), and those that need a permission the contact lacks stay off',
  })
  @IsOptionalNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => EmailNotificationsPatchDto)
  emailNotifications?: EmailNotificationsPatchDto;
}

export class UpdateContactDto extends PatchType(OmitType(CreateContactDto, ['password'] as const)) {
  @TextField({
    example: 'correct horse battery staple',
    max: PASSWORD_MAX,
    min: PASSWORD_MIN,
    optional: true,
    nullable: true,
    format: 'password',
    description: 'A new portal password; null removes it (the contact then cannot sign in with a password)',
  })
  password?: string | null;
}

export class ContactDto {
  @ApiProperty({ format: 'uuid', maxLength: 36 })
  id: string;
  @ApiProperty({ format: 'uuid', maxLength: 36 })
  customerId: string;
  @ApiProperty({ maxLength: NAME_MAX, pattern: TEXT_PATTERN, example: 'Anna' })
  firstName: string;
  @ApiProperty({ maxLength: NAME_MAX, pattern: TEXT_PATTERN, example: 'Berg' })
  lastName: string;
  @ApiProperty({ format: 'email', maxLength: EMAIL_MAX, example: 'anna.berg@mueller-soehne.example' })
  email: string;
  @ApiProperty({
    type: 'string',
    maxLength: PHONE_MAX,
    nullable: true,
    pattern: TEXT_PATTERN,
    example: '+49 30 1234568',
  })
  phone: string | null;
  @ApiProperty({
    type: 'string',
    maxLength: TITLE_MAX,
    nullable: true,
    pattern: TEXT_PATTERN,
    example: 'Managing director',
  })
  title: string | null;
  @ApiProperty({ description: "The customer's one primary contact" })
  isPrimary: boolean;
  @ApiProperty({ description: 'May sign into the portal (while the customer is active)' })
  active: boolean;
  @ApiProperty({ enum: PORTAL_PERMISSIONS, isArray: true, maxItems: PORTAL_PERMISSIONS.length })
  permissions: PortalPermission[];
  @ApiProperty({ type: EmailNotificationsDto })
  emailNotifications: EmailNotificationsDto;
  @ApiProperty({ description: 'Whether the contact has a portal password (which is never answered)' })
  passwordSet: boolean;
  @ApiProperty({ type: 'string', format: 'date-time', maxLength: 30, nullable: true })
  lastLoginAt: string | null;
  @ApiProperty({ type: 'integer', format: 'int32', minimum: 1, maximum: 2147483647 })
  version: number;
  @ApiProperty({ format: 'date-time', maxLength: 30 })
  createdAt: string;
  @ApiProperty({ format: 'date-time', maxLength: 30 })
  updatedAt: string;
}

export class ContactPageDto extends PageOf(ContactDto) {}

export const CONTACT_SORTS = ['firstName', 'lastName', 'email', 'createdAt'] as const;

export class ContactListQueryDto extends SortedListQuery(CONTACT_SORTS, 'lastName') {
  @ActiveFilter('all', 'contacts')
  active?: ActiveChoice;
}
