import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class FieldErrorDto {
  @ApiProperty({
    description: 'Dotted path of the failing field',
    maxLength: 200,
    pattern: '^[A-Za-z0-9_.\\[\\]-]+$',
    example: 'primaryContact.email',
  })
  field: string;

  @ApiProperty({ description: 'The rule that failed', maxLength: 64, pattern: '^[A-Za-z0-9_]+$', example: 'isEmail' })
  code: string;

  @ApiProperty({ description: "Message in the caller's language", maxLength: 1000, pattern: '^[\\s\\S]*$' })
  message: string;
}

/** RFC 9457 problem details, as every error of the API answers. */
export class ProblemDetailsDto {
  @ApiProperty({
    description: 'URI identifying the problem type',
    format: 'uri',
    maxLength: 200,
    example: 'urn:problem:not-found',
  })
  type: string;

  @ApiProperty({
    description: 'Short summary of the problem type',
    maxLength: 200,
    pattern: '^[\\s\\S]*$',
    example: 'Not Found',
  })
  title: string;

  @ApiProperty({
    description: 'HTTP status code',
    type: 'integer',
    format: 'int32',
    minimum: 400,
    maximum: 599,
    example: 404,
  })
  status: number;

  @ApiProperty({
    description: 'Stable machine-readable error code',
    maxLength: 64,
    pattern: '^[A-Z0-9_]+$',
    example: 'NOT_FOUND',
  })
  code: string;

  @ApiProperty({ description: "Explanation in the caller's language", maxLength: 2000, pattern: '^[\\s\\S]*$' })
  detail: string;

  @ApiProperty({
    description: 'The request path',
    maxLength: 2048,
    format: 'uri-reference',
    example: '/api/v1/customers/0190f5f2-0000-7000-8000-000000000000',
  })
  instance: string;

  @ApiPropertyOptional({ description: 'Request id, also in the logs', maxLength: 100, pattern: '^[A-Za-z0-9._:-]+$' })
  requestId?: string;
}

export class ValidationProblemDto extends ProblemDetailsDto {
  @ApiProperty({ type: [FieldErrorDto], maxItems: 500, description: 'Every failing field' })
  errors: FieldErrorDto[];
}

/** 412: the resource changed since the ETag the request was based on. */
export class StaleVersionProblemDto extends ProblemDetailsDto {
  @ApiProperty({
    type: 'integer',
    format: 'int32',
    minimum: 1,
    maximum: 2147483647,
    description: 'The version now current: read it again, then retry',
    example: 3,
  })
  currentVersion: number;
}
