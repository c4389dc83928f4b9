import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { PageOf, PageQueryDto } from '@app/common';

export const NOTE_MAX = 10000;

export class CreateNoteDto {
  @ApiProperty({ minLength: 1, maxLength: NOTE_MAX, pattern: '^[\\s\\S]*\\S[\\s\\S]*$' })
  @IsString()
  @MinLength(1)
  @MaxLength(NOTE_MAX)
  text: string;

  @ApiPropertyOptional({
    description: 'When the customer was contacted',
    format: 'date-time',
    maxLength: 30,
    nullable: true,
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  @MaxLength(30)
  contactedAt?: string | null;
}

export class UpdateNoteDto extends PartialType(CreateNoteDto, { skipNullProperties: false }) {}

export class NoteDto {
  @ApiProperty({ format: 'uuid', maxLength: 36 })
  id: string;
  @ApiProperty({ format: 'uuid', maxLength: 36 })
  customerId: string;
  @ApiProperty({ maxLength: NOTE_MAX, pattern: '^[\\s\\S]*$' })
  text: string;
  @ApiProperty({ format: 'date-time', maxLength: 30, nullable: true })
  contactedAt: string | null;
  @ApiProperty({ format: 'uuid', maxLength: 36, nullable: true })
  authorId: string | null;
  @ApiProperty({ format: 'date-time', maxLength: 30 })
  createdAt: string;
  @ApiProperty({ format: 'date-time', maxLength: 30 })
  updatedAt: string;
}

export class NotePageDto extends PageOf(NoteDto) {}

/** Notes come newest first; they page, and neither search nor sort. */
export class NoteListQueryDto extends PageQueryDto {}
