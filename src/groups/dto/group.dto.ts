import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { PageOf } from '@app/common';

export const GROUP_NAME_MAX = 191;
/**
 * 1 to 191 characters counted as the database counts them (code points), none of them a
 * control character or a lone surrogate (which utf8mb4 cannot store).
 */
const NAME_PATTERN = `^[^\\u0000-\\u001f\\u007f-\\u009f\\ud800-\\udfff]{1,${GROUP_NAME_MAX}}$`;
const NAME = new RegExp(NAME_PATTERN, 'u');
const NAME_SCHEMA = { minLength: 1, maxLength: GROUP_NAME_MAX, pattern: NAME_PATTERN };

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class GroupDto {
  @ApiProperty({ format: 'uuid', maxLength: 36 })
  id: string;

  @ApiProperty({ ...NAME_SCHEMA, example: 'Retail, EU' })
  name: string;
}

export class GroupPageDto extends PageOf(GroupDto) {}

export class GroupBodyDto {
  @ApiProperty({
    ...NAME_SCHEMA,
    description: 'Any characters but control characters; trimmed; unique, case-insensitively',
    example: 'Retail, EU',
  })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(GROUP_NAME_MAX)
  @Matches(NAME)
  name: string;
}
