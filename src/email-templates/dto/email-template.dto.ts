import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn } from 'class-validator';
import { IsOptionalNotNull, PageOf, TEXT_PATTERN, TextField } from '@app/common';
import { SUPPORTED_LANGUAGES } from '../../config/environment';
import { TEMPLATE_NAMES } from '../template-catalogue';

/** Lengths, in characters (code points). */
export const SUBJECT_MAX = 255;
export const BODY_MAX = 10_000;
const DESCRIPTION_MAX = 500;
const ANY_TEXT = '^[\\s\\S]*$';

class EmailTemplateFieldsDto {
  @ApiProperty({ enum: TEMPLATE_NAMES })
  name: string;
  @ApiProperty({ type: 'string', maxLength: DESCRIPTION_MAX, pattern: TEXT_PATTERN, description: 'What it is for' })
  description: string;
  @ApiProperty({ enum: ['contact', 'staff'], description: 'Who receives it' })
  recipient: 'contact' | 'staff';
  @ApiProperty({ description: 'Off: its emails are cancelled instead of sent' })
  enabled: boolean;
  @ApiProperty({
    type: 'integer',
    format: 'int32',
    minimum: 1,
    maximum: 2147483647,
    description: 'Moves on with every change (the ETag, for If-Match)',
  })
  version: number;
  @ApiProperty({ type: 'string', format: 'date-time', maxLength: 30, nullable: true, description: 'Last change' })
  updatedAt: string | null;
}

export class EmailTemplateSummaryDto extends EmailTemplateFieldsDto {
  @ApiProperty({
    enum: SUPPORTED_LANGUAGES,
    isArray: true,
    maxItems: SUPPORTED_LANGUAGES.length,
    description: 'The languages whose subject and body staff changed',
  })
  customisedLanguages: string[];
}

export class EmailTemplatePageDto extends PageOf(EmailTemplateSummaryDto) {}

export class EmailTemplateLanguageDto {
  @ApiProperty({ enum: SUPPORTED_LANGUAGES })
  language: string;
  @ApiProperty({ type: 'string', maxLength: SUBJECT_MAX, pattern: TEXT_PATTERN, description: 'Handlebars' })
  subject: string;
  @ApiProperty({ type: 'string', maxLength: BODY_MAX, pattern: ANY_TEXT, description: 'Handlebars, plain text' })
  body: string;
  @ApiProperty({ description: 'Staff changed it; false: the default text' })
  customised: boolean;
  @ApiProperty({ type: 'string', format: 'date-time', maxLength: 30, nullable: true })
  updatedAt: string | null;
  @ApiProperty({ type: 'string', format: 'uuid', maxLength: 36, nullable: true, description: 'The staff member' })
  updatedBy: string | null;
}

export class EmailTemplateDto extends EmailTemplateFieldsDto {
  @ApiProperty({
    type: 'string',
    isArray: true,
    maxItems: 50,
    maxLength: 50,
    pattern: '^[A-Za-z]+$',
    description: 'The values it may use, as {{name}}; any other name is refused when it is saved',
  })
  variables: string[];
  @ApiProperty({ type: EmailTemplateLanguageDto, isArray: true, maxItems: SUPPORTED_LANGUAGES.length })
  languages: EmailTemplateLanguageDto[];
}

export class TemplateTextDto {
  @TextField({
    max: SUBJECT_MAX,
    min: 1,
    example: 'Welcome to {{companyName}}, {{firstName}}',
    description: 'Handlebars, on one line',
  })
  subject: string;

  @TextField({
    max: BODY_MAX,
    min: 1,
    multiline: true,
    example: 'Hello {{firstName}},\n\nyour account with {{companyName}} is ready.\n\nKind regards,\n{{companyName}}\n',
    description: 'Handlebars, plain text (values are inserted as they are)',
  })
  body: string;
}

export class UpdateEmailTemplateDto {
  @ApiProperty({ example: false, description: 'Off: its emails are cancelled instead of sent' })
  @IsBoolean()
  enabled: boolean;
}

export class PreviewTemplateDto {
  @ApiPropertyOptional({ enum: SUPPORTED_LANGUAGES, example: 'de', description: 'Default en' })
  @IsOptionalNotNull()
  @IsIn([...SUPPORTED_LANGUAGES])
  language?: string;

  @TextField({
    max: SUBJECT_MAX,
    min: 1,
    optional: true,
    example: 'Willkommen bei {{companyName}}',
    description: 'A draft subject to render instead of the saved one',
  })
  subject?: string;

  @TextField({
    max: BODY_MAX,
    min: 1,
    multiline: true,
    optional: true,
    example: 'Hallo {{firstName}},\n\nIhr Zugang ist eingerichtet.\n',
    description: 'A draft body to render instead of the saved one',
  })
  body?: string;
}

export class RenderedEmailDto {
  @ApiProperty({ enum: SUPPORTED_LANGUAGES })
  language: string;
  @ApiProperty({ type: 'string', maxLength: 2000, pattern: TEXT_PATTERN })
  subject: string;
  @ApiProperty({ type: 'string', maxLength: 1_000_000, pattern: ANY_TEXT })
  text: string;
}
