import { ApiForbiddenResponse, ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsOptional, IsUUID } from 'class-validator';
import {
  EMAIL_MAX,
  EmailField,
  IsOptionalNotNull,
  PageOf,
  PatchType,
  ProblemDetailsDto,
  SortedListQuery,
  TextField,
  ActiveChoice,
  ActiveFilter,
} from '@app/common';
import { CAPABILITIES, type Capability } from '../../permissions/capabilities';
import { SUPPORTED_LANGUAGES } from '../../config/environment';

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;
/** Column lengths of the staff table, in characters (code points). */
const NAME_MAX = 100;

const NAME = { maxLength: NAME_MAX, minLength: 1, pattern: '^[^\\u0000-\\u001f]+$' };

/** A staff member as the API shows it; never the password. */
export class StaffDto {
  @ApiProperty({ format: 'uuid', maxLength: 36 })
  id: string;

  @ApiProperty({ format: 'email', maxLength: EMAIL_MAX })
  email: string;

  @ApiProperty(NAME)
  firstName: string;

  @ApiProperty(NAME)
  lastName: string;

  @ApiProperty()
  isAdmin: boolean;

  @ApiProperty()
  active: boolean;

  @ApiProperty({ enum: CAPABILITIES, isArray: true, maxItems: CAPABILITIES.length })
  permissions: Capability[];

  @ApiProperty({ enum: SUPPORTED_LANGUAGES, nullable: true, description: "Empty: the caller's Accept-Language" })
  language: string | null;

  @ApiProperty({ type: 'string', format: 'uuid', maxLength: 36, nullable: true })
  roleId: string | null;

  @ApiProperty({ type: 'string', format: 'date-time', maxLength: 30, nullable: true })
  lastLoginAt: string | null;

  @ApiProperty({ format: 'date-time', maxLength: 30 })
  createdAt: string;

  @ApiProperty({ format: 'date-time', maxLength: 30 })
  updatedAt: string;
}

export class StaffPageDto extends PageOf(StaffDto) {}

class StaffFieldsDto {
  @EmailField('jane.doe@example.com')
  email: string;

  @TextField({ example: 'Jane', max: NAME_MAX, min: 1 })
  firstName: string;

  @TextField({ example: 'Doe', max: NAME_MAX, min: 1 })
  lastName: string;

  @ApiPropertyOptional({ example: false, default: false, description: 'Only administrators may grant it' })
  @IsOptionalNotNull()
  @IsBoolean()
  isAdmin?: boolean;

  @ApiPropertyOptional({ example: true, default: true })
  @IsOptionalNotNull()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({
    example: ['customers.view', 'customers.edit'],
    enum: CAPABILITIES,
    isArray: true,
    maxItems: CAPABILITIES.length,
    description: "Capabilities; without it, the role's. Only capabilities the caller holds may be granted.",
  })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(CAPABILITIES.length)
  @ArrayUnique()
  @IsIn(CAPABILITIES, { each: true })
  permissions?: Capability[];

  @ApiPropertyOptional({ example: 'en', enum: SUPPORTED_LANGUAGES, nullable: true })
  @IsOptional()
  @IsIn([...SUPPORTED_LANGUAGES, null])
  language?: string | null;

  @ApiPropertyOptional({
    example: null,
    type: 'string',
    format: 'uuid',
    maxLength: 36,
    nullable: true,
    description: 'A role preset',
  })
  @IsOptional()
  @IsUUID()
  roleId?: string | null;
}

export class CreateStaffDto extends StaffFieldsDto {
  @TextField({ example: 'correct horse battery staple', max: PASSWORD_MAX, min: PASSWORD_MIN, format: 'password' })
  password: string;
}

export class UpdateStaffDto extends PatchType(CreateStaffDto) {}

export class StaffListQueryDto extends SortedListQuery(['email', 'firstName', 'lastName', 'createdAt'], 'lastName') {
  @ActiveFilter('all', 'staff members')
  active?: ActiveChoice;
}

/**
 * 403 of a grant: PERMISSION_ESCALATION names the capabilities the caller does not hold
 * itself; STAFF_OUTRANKS_YOU those of the other person that the caller lacks.
 */
export class GrantForbiddenProblemDto extends ProblemDetailsDto {
  @ApiPropertyOptional({
    enum: CAPABILITIES,
    isArray: true,
    maxItems: CAPABILITIES.length,
    description:
      'PERMISSION_ESCALATION: the capabilities the caller may not grant; STAFF_OUTRANKS_YOU: those the other person holds and the caller lacks',
  })
  permissions?: Capability[];
}

/** The 403 of operations that grant capabilities. */
export const ApiGrantForbidden = () =>
  ApiForbiddenResponse({
    type: GrantForbiddenProblemDto,
    description:
      'PERMISSION_ESCALATION (someone would gain a capability the caller lacks, directly, by joining a role or by applying one), ADMIN_REQUIRED (administrators only) or FORBIDDEN (the capability of the operation is missing)',
  });

/** The 403 of operations on another person's account: grants, and what needs all they hold. */
export const ApiStaffChangeForbidden = (grants: boolean) =>
  ApiForbiddenResponse({
    type: GrantForbiddenProblemDto,
    description: [
      ...(grants ? ['PERMISSION_ESCALATION (someone would gain a capability the caller lacks)'] : []),
      "STAFF_OUTRANKS_YOU (another person's password, email, deactivation or deletion needs every capability they hold)",
      'ADMIN_REQUIRED (administrators only)',
      'FORBIDDEN (the capability of the operation is missing)',
    ].join(', '),
  });
