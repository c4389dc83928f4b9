import { ApiProperty } from '@nestjs/swagger';
import { PageOf, SortedListQuery, TextField, textPattern } from '@app/common';

/** The length of the name column, in characters (code points). */
export const GROUP_NAME_MAX = 191;
const NAME_SCHEMA = { minLength: 1, maxLength: GROUP_NAME_MAX, pattern: textPattern({ min: 1 }) };

export class GroupDto {
  @ApiProperty({ format: 'uuid', maxLength: 36 })
  id: string;

  @ApiProperty({ ...NAME_SCHEMA, example: 'Retail, EU' })
  name: string;
}

export class GroupPageDto extends PageOf(GroupDto) {}

export class GroupBodyDto {
  @TextField({
    max: GROUP_NAME_MAX,
    min: 1,
    description: 'Any characters but control characters; trimmed; unique, case-insensitively',
    example: 'Retail, EU',
  })
  name: string;
}

export class GroupListQueryDto extends SortedListQuery(['name', 'createdAt'], 'name') {}
