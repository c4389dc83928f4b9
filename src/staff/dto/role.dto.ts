import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsIn } from 'class-validator';
import { IsOptionalNotNull, PageOf, SortedListQuery, TextField } from '@app/common';
import { CAPABILITIES, type Capability } from '../../permissions/capabilities';

/** The length of the name column, in characters (code points). */
const NAME_MAX = 100;

export class RoleDto {
  @ApiProperty({ format: 'uuid', maxLength: 36 })
  id: string;

  @ApiProperty({ maxLength: NAME_MAX, pattern: '^[^\\u0000-\\u001f]+$' })
  name: string;

  @ApiProperty({ enum: CAPABILITIES, isArray: true, maxItems: CAPABILITIES.length })
  permissions: Capability[];
}

export class RolePageDto extends PageOf(RoleDto) {}

export class CreateRoleDto {
  @TextField({ example: 'Account manager', max: NAME_MAX, min: 1 })
  name: string;

  @ApiProperty({
    example: ['customers.view_own', 'customers.create', 'customers.edit'],
    enum: CAPABILITIES,
    isArray: true,
    maxItems: CAPABILITIES.length,
  })
  @IsArray()
  @ArrayMaxSize(CAPABILITIES.length)
  @ArrayUnique()
  @IsIn(CAPABILITIES, { each: true })
  permissions: Capability[];
}

export class UpdateRoleDto extends PartialType(CreateRoleDto, { skipNullProperties: false }) {
  @ApiPropertyOptional({
    example: false,
    default: false,
    description: 'Also replace the permissions of every staff member with this role',
  })
  @IsOptionalNotNull()
  @IsBoolean()
  applyToStaff?: boolean;
}

export class RoleListQueryDto extends SortedListQuery(['name'], 'name') {}
