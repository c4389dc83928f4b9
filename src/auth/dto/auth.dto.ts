import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

export class LoginDto {
  @ApiProperty({ format: 'email', maxLength: 254 })
  @IsString()
  @MinLength(1)
  @MaxLength(254)
  email: string;

  @ApiProperty({ format: 'password', minLength: 1, maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password: string;
}

export class RefreshDto {
  @ApiProperty({
    description: 'The refresh token from login or the previous refresh',
    maxLength: 100,
    pattern: '^[A-Za-z0-9_-]+$',
  })
  @IsString()
  @MaxLength(100)
  refreshToken: string;
}

export class LogoutDto {
  @ApiPropertyOptional({
    description: "End only this token's session; without it, every session of the caller ends",
    maxLength: 100,
    pattern: '^[A-Za-z0-9_-]+$',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
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
    pattern: '^[A-Za-z0-9_-]+$',
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
