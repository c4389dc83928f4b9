import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  MaxLength,
  MinLength,
} from 'class-validator';
import { PageOf } from '@app/common';
import { CAPABILITIES, type Capability } from '../../permissions/capabilities';

export class RoleDto {
  @ApiProperty({ format: 'uuid', maxLength: 36 })
  id: string;

  @ApiProperty({ maxLength: 100, pattern: '^[^\\u0000-\\u001f]+$' })
  name: string;

  @ApiProperty({ enum: CAPABILITIES, isArray: true, maxItems: CAPABILITIES.length })
  permissions: Capability[];
}

export class RolePageDto extends PageOf(RoleDto) {}

export class CreateRoleDto {
  @ApiProperty({ minLength: 1, maxLength: 100, pattern: '^[^\\u0000-\\u001f]+$' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  @ApiProperty({ enum: CAPABILITIES, isArray: true, maxItems: CAPABILITIES.length })
  @IsArray()
  @ArrayMaxSize(CAPABILITIES.length)
  @ArrayUnique()
  @IsIn(CAPABILITIES, { each: true })
  permissions: Capability[];
}

export class UpdateRoleDto extends PartialType(CreateRoleDto, { skipNullProperties: false }) {
  @ApiPropertyOptional({
    default: false,
    description: 'Also replace the permissions of every staff member with this role',
  })
  @IsOptional()
  @IsBoolean()
  applyToStaff?: boolean;
}
