import { ApiProperty } from '@nestjs/swagger';
import { LANGUAGE_CODE_PATTERN, PageOf } from '@app/common';

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
