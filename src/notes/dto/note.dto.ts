import { ApiProperty } from '@nestjs/swagger';
import { IsISO8601 } from 'class-validator';
import { PageOf, PageQueryDto, PatchType, TextField } from '@app/common';

/**
 * In characters (code points). The column is TEXT (65,535 bytes): 10,000 characters of at
 * most 4 bytes each fit.
 */
export const NOTE_MAX = 10000;

export class CreateNoteDto {
  @TextField({
    example: 'Called about the renewal; the signed offer follows on Friday.',
    max: NOTE_MAX,
    min: 1,
    multiline: true,
    pattern: '^[\\s\\S]*\\S[\\s\\S]*$',
  })
  text: string;

  @TextField({
    example: '2026-11-20T10:30:00.000Z',
    max: 30,
    optional: true,
    nullable: true,
    format: 'date-time',
    description: 'When the customer was contacted',
  })
  @IsISO8601({ strict: true })
  contactedAt?: string | null;
}

export class UpdateNoteDto extends PatchType(CreateNoteDto) {}

export class NoteDto {
  @ApiProperty({ format: 'uuid', maxLength: 36 })
  id: string;
  @ApiProperty({ format: 'uuid', maxLength: 36 })
  customerId: string;
  @ApiProperty({ maxLength: NOTE_MAX, pattern: '^[\\s\\S]*$' })
  text: string;
  @ApiProperty({ type: 'string', format: 'date-time', maxLength: 30, nullable: true })
  contactedAt: string | null;
  @ApiProperty({ type: 'string', format: 'uuid', maxLength: 36, nullable: true })
  authorId: string | null;
  @ApiProperty({ format: 'date-time', maxLength: 30 })
  createdAt: string;
  @ApiProperty({ format: 'date-time', maxLength: 30 })
  updatedAt: string;
}

export class NotePageDto extends PageOf(NoteDto) {}

/** Notes come newest first; they page, and neither search nor sort. */
export class NoteListQueryDto extends PageQueryDto {}
