import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { PORTAL_PERMISSIONS, type PortalPermission } from '../../permissions/portal-permissions';

const TEXT = '^[^\\u0000-\\u001f]*$';
// eslint-disable-next-line no-control-regex -- the point is to refuse control characters
const NO_CONTROL = /^[^\u0000-\u001f]*$/;

export class PrimaryContactDto {
  @ApiProperty({ minLength: 1, maxLength: 100, pattern: TEXT })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @Matches(NO_CONTROL)
  firstName: string;

  @ApiProperty({ minLength: 1, maxLength: 100, pattern: TEXT })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @Matches(NO_CONTROL)
  lastName: string;

  @ApiProperty({ format: 'email', maxLength: 254 })
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiPropertyOptional({ maxLength: 50, pattern: '^[0-9+()./ -]*$', nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  @Matches(/^[0-9+()./ -]*$/)
  phone?: string | null;

  @ApiPropertyOptional({ maxLength: 100, pattern: TEXT, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @Matches(NO_CONTROL)
  title?: string | null;

  @ApiPropertyOptional({
    description: 'Portal password; without it the welcome email carries a set-password link',
    format: 'password',
    minLength: 10,
    maxLength: 200,
  })
  @IsOptional()
  @IsString()
  @MinLength(10)
  @MaxLength(200)
  password?: string;
}

export class CreatedContactDto {
  @ApiProperty({ format: 'uuid', maxLength: 36 })
  id: string;
  @ApiProperty({ format: 'email', maxLength: 254 })
  email: string;
  @ApiProperty({ enum: PORTAL_PERMISSIONS, isArray: true, maxItems: PORTAL_PERMISSIONS.length })
  permissions: PortalPermission[];
}
