import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { DayField } from '@app/common';

export const EXPORT_TYPES = ['invoices', 'estimates', 'credit-notes', 'payments'] as const;
export type ExportType = (typeof EXPORT_TYPES)[number];

const STATUS_PATTERN = '^[a-z_]{1,16}$';
const MODE_PATTERN = '^[a-z0-9_-]{1,32}$';

export class ExportQueryDto {
  @ApiPropertyOptional({ enum: EXPORT_TYPES, default: 'invoices', description: 'Which documents: one PDF each' })
  @IsOptional()
  @IsIn(EXPORT_TYPES)
  type?: ExportType;

  @ApiPropertyOptional({
    maxLength: 16,
    pattern: STATUS_PATTERN,
    example: 'unpaid',
    description:
      "Only documents of this status, one of the type's statuses (drafts only when asked for); not for payments",
  })
  @IsOptional()
  @Matches(new RegExp(STATUS_PATTERN))
  status?: string;

  @ApiPropertyOptional({
    maxLength: 32,
    pattern: MODE_PATTERN,
    example: 'bank',
    description: 'Payments only: of this mode',
  })
  @IsOptional()
  @Matches(new RegExp(MODE_PATTERN))
  mode?: string;

  @DayField({ example: '2026-01-01', optional: true, description: 'Only documents dated on or after this day' })
  from?: string;

  @DayField({ example: '2026-12-31', optional: true, description: 'Only documents dated on or before this day' })
  to?: string;
}
