import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { TextField } from '@app/common';

const TOKEN_PATTERN = '^[A-Za-z0-9_-]+$';
/** Refresh tokens are base64url; anything else cannot be one. */
const TOKEN = new RegExp(TOKEN_PATTERN);

export class LoginDto {
  @TextField({ example: 'admin@example.com', max: 254, min: 1, format: 'email' })
  email: string;

  /** Checked against the stored hash as typed: any character, so that no existing password stops working. */
  @TextField({
    example: 'the password printed at first start',
    max: 200,
    min: 1,
    format: 'password',
    anyCharacter: true,
  })
  password: string;
}

export class RefreshDto {
  @TextField({
    example: 'Jq3Xb8Vd2nRk5Lm0Pz7Ws4Ty1Uh6Ge9Cf2Ai8Ko5Nv',
    max: 100,
    pattern: TOKEN_PATTERN,
    description: 'The refresh token from login or the previous refresh',
  })
  @Matches(TOKEN)
  refreshToken: string;
}

export class LogoutDto {
  @TextField({
    example: 'Jq3Xb8Vd2nRk5Lm0Pz7Ws4Ty1Uh6Ge9Cf2Ai8Ko5Nv',
    max: 100,
    optional: true,
    pattern: TOKEN_PATTERN,
    description: "End only this token's session; without it, every session of the caller ends",
  })
  @Matches(TOKEN)
  refreshToken?: string;
}

export class TokenPairDto {
  @ApiProperty({
    description: 'JWT (HS256) for the Authorization: Bearer header',
    maxLength: 2000,
    pattern: '^[A-Za-z0-9_.-]+$',
  })
  accessToken: string;

  @ApiProperty({
    description: 'Opaque, single use: exchange it at auth/refresh',
    maxLength: 100,
    pattern: TOKEN_PATTERN,
  })
  refreshToken: string;

  @ApiProperty({
    description: 'Seconds until the access token expires',
    type: 'integer',
    format: 'int32',
    minimum: 1,
    maximum: 86400,
  })
  expiresIn: number;

  @ApiProperty({ enum: ['Bearer'] })
  tokenType: 'Bearer';
}
