import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsUUID, ValidateIf } from 'class-validator';
import { IsOptionalNotNull } from '@app/common';
import { MAX_GROUPS } from './customer.dto';

export const BULK_MAX = 500;
export const BULK_ACTIONS = ['assignGroups', 'deactivate', 'delete'] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];

const UUID_ITEMS = { type: 'string', format: 'uuid', maxLength: 36 } as const;

export class BulkCustomersDto {
  @ApiProperty({ example: 'deactivate', enum: BULK_ACTIONS })
  @IsIn([...BULK_ACTIONS])
  action: BulkAction;

  @ApiProperty({
    example: ['0190f5f2-7c1e-7a3b-9d4e-5f6a7b8c9d0e'],
    type: 'array',
    items: UUID_ITEMS,
    minItems: 1,
    maxItems: BULK_MAX,
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(BULK_MAX)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  customerIds: string[];

  @ApiPropertyOptional({
    example: [],
    type: 'array',
    items: UUID_ITEMS,
    maxItems: MAX_GROUPS,
    description: 'assignGroups only',
  })
  @ValidateIf((dto: BulkCustomersDto) => dto.action === 'assignGroups' || dto.groupIds !== undefined)
  @IsArray()
  @ArrayMaxSize(MAX_GROUPS)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  groupIds?: string[];

  @ApiPropertyOptional({
    example: 'add',
    enum: ['add', 'replace'],
    default: 'add',
    description: 'assignGroups: add to or replace the groups',
  })
  @IsOptionalNotNull()
  @IsIn(['add', 'replace'])
  mode?: 'add' | 'replace';
}

export class BulkItemResultDto {
  @ApiProperty({ format: 'uuid', maxLength: 36 })
  id: string;

  @ApiProperty({
    type: 'integer',
    format: 'int32',
    minimum: 200,
    maximum: 599,
    description: 'The status this item alone would get',
  })
  status: number;

  @ApiPropertyOptional({ maxLength: 64, pattern: '^[A-Z0-9_]+$', description: 'Problem code of a failed item' })
  code?: string;
}

export class BulkResultDto {
  @ApiProperty({ type: [BulkItemResultDto], maxItems: BULK_MAX })
  results: BulkItemResultDto[];

  @ApiProperty({ type: 'integer', format: 'int32', minimum: 0, maximum: BULK_MAX })
  succeeded: number;

  @ApiProperty({ type: 'integer', format: 'int32', minimum: 0, maximum: BULK_MAX })
  failed: number;
}
