import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Page, projectRoot } from '@app/common';
import { AppConfig } from '../config/environment';
import { Authenticated } from '../permissions/authenticated.decorator';
import { LANGUAGE_CODE_PATTERN, LanguageDto, LanguagePageDto } from './dto/language.dto';

/** Each language's name in that language. */
const NATIVE_NAMES: Record<string, string> = { en: 'English', de: 'Deutsch', fr: 'Français', es: 'Español' };

/** The languages with translations: one folder under `i18n/` each. */
function translatedLanguages(): string[] {
  const code = new RegExp(LANGUAGE_CODE_PATTERN);
  return readdirSync(join(projectRoot(), 'i18n'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && code.test(entry.name))
    .map((entry) => entry.name)
    .sort();
}

@ApiTags('languages')
@Controller('languages')
export class LanguagesController {
  private readonly languages: LanguageDto[];

  constructor(config: AppConfig) {
    this.languages = translatedLanguages().map((code) => ({
      code,
      name: NATIVE_NAMES[code] ?? code,
      isDefault: code === config.defaultLanguage,
    }));
  }

  @Get()
  @Authenticated()
  @ApiOperation({
    summary: 'List languages',
    description: 'The languages with translations (errors, emails, PDFs); `isDefault` marks the configured default.',
  })
  @ApiOkResponse({ type: LanguagePageDto })
  list(): Page<LanguageDto> {
    const data = this.languages;
    return { data, meta: { page: 1, pageSize: Math.max(data.length, 1), total: data.length } };
  }
}
