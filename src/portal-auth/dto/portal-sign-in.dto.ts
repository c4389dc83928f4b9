import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';
import { IsOptionalNotNull } from '@app/common';
import { LogoutDto } from '../../auth/dto/auth.dto';

export class PortalLogoutDto extends LogoutDto {
  @ApiPropertyOptional({
    description: 'End every session of the contact, access tokens included (also the default without a refresh token)',
  })
  @IsOptionalNotNull()
  @IsBoolean()
  all?: boolean;
}
