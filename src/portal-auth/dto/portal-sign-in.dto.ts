import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';
import { IsOptionalNotNull } from '@app/common';
import { LogoutDto, TokenPairDto } from '../../auth/dto/auth.dto';

export class PortalLogoutDto extends LogoutDto {
  @ApiPropertyOptional({
    example: false,
    description: 'End every session of the contact, access tokens included (also the default without a refresh token)',
  })
  @IsOptionalNotNull()
  @IsBoolean()
  all?: boolean;
}

/** A portal session an administrator opened as the client's primary contact. */
export class ClientSessionDto extends OmitType(TokenPairDto, ['refreshToken'] as const) {
  @ApiProperty({ format: 'uuid', maxLength: 36, description: 'The primary contact the session acts as' })
  contactId: string;

  @ApiProperty({ enum: [true], description: 'Always true: the session is marked as a login as client' })
  impersonated: true;
}
