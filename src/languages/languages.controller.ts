import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Page, translatedLanguages } from '@app/common';
import { Authenticated } from '../permissions/authenticated.decorator';
import { SettingsService } from '../settings/settings.service';
import { LanguageDto, LanguagePageDto } from './dto/language.dto';

/** Each language's name in that language. */
const NATIVE_NAMES: Record<string, string> = { en: 'English', de: 'Deutsch', fr: 'Français', es: 'Español' };

@ApiTags('languages')
@Controller('languages')
export class LanguagesController {
  constructor(private readonly settings: SettingsService) {}

  @Get()
  @Authenticated()
  @ApiOperation({
    summary: 'List languages',
    description:
      'The languages with translations (errors, emails, PDFs); `isDefault` marks the system default language (the setting `defaultLanguage`).',
  })
  @ApiOkResponse({ type: LanguagePageDto })
  async list(): Promise<Page<LanguageDto>> {
    const defaultLanguage = await this.settings.defaultLanguage();
    const data = translatedLanguages().map((code) => ({
      code,
      name: NATIVE_NAMES[code] ?? code,
      isDefault: code === defaultLanguage,
    }));
    return { data, meta: { page: 1, pageSize: Math.max(data.length, 1), total: data.length } };
  }
}
