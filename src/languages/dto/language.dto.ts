import { ApiProperty } from '@nestjs/swagger';
import { PageOf } from '@app/common';

export const LANGUAGE_CODE_PATTERN = '^[a-z]{2}(-[A-Z]{2})?$';

export class LanguageDto {
  @ApiProperty({ maxLength: 5, pattern: LANGUAGE_CODE_PATTERN, example: 'de' })
  code: string;

  @ApiProperty({
    maxLength: 50,
    pattern: '^[^\\u0000-\\u001f]+$',
    description: 'In the language itself',
    example: 'Deutsch',
  })
  name: string;

  @ApiProperty({ description: 'The system default language (setting `defaultLanguage`)' })
  isDefault: boolean;
}

export class LanguagePageDto extends PageOf(LanguageDto) {}
