import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiIfMatch, ETAG_HEADER, IfMatch, Page, PageQueryDto, SendsEtag, paging } from '@app/common';
import { SUPPORTED_LANGUAGES } from '../config/environment';
import { CurrentActor, StaffActor } from '../permissions/actor';
import { Authenticated } from '../permissions/authenticated.decorator';
import {
  EmailTemplateDto,
  EmailTemplatePageDto,
  EmailTemplateSummaryDto,
  PreviewTemplateDto,
  RenderedEmailDto,
  TemplateTextDto,
  UpdateEmailTemplateDto,
} from './dto/email-template.dto';
import { EmailTemplates } from './email-templates.service';
import { TEMPLATE_NAMES } from './template-catalogue';

const ApiTemplateParam = () =>
  ApiParam({
    name: 'name',
    description: 'The template',
    schema: { type: 'string', enum: [...TEMPLATE_NAMES], example: 'welcome' },
  });
const ApiLanguageParam = () =>
  ApiParam({
    name: 'language',
    description: 'A language',
    schema: { type: 'string', enum: [...SUPPORTED_LANGUAGES], example: 'de' },
  });
const UNKNOWN = 'An unknown template or language is a 404.';

@ApiTags('email-templates')
@Controller('email-templates')
export class EmailTemplatesController {
  constructor(private readonly templates: EmailTemplates) {}

  @Get()
  @Authenticated(['email_templates.view', 'email_templates.edit'])
  @ApiOperation({
    summary: 'List the email templates',
    description: 'Every template the system sends, whether it is on, and the languages staff changed.',
  })
  @ApiOkResponse({ type: EmailTemplatePageDto })
  async list(@Query() query: PageQueryDto): Promise<Page<EmailTemplateSummaryDto>> {
    const all = await this.templates.list();
    const { page, pageSize, offset } = paging(query);
    return { data: all.slice(offset, offset + pageSize), meta: { page, pageSize, total: all.length } };
  }

  @Get(':name')
  @Authenticated(['email_templates.view', 'email_templates.edit'])
  @ApiOperation({
    summary: 'Get an email template',
    description: `Its subject and body in every language (the text staff saved, or the default), and the values it may use. ${UNKNOWN}`,
  })
  @ApiTemplateParam()
  @ApiOkResponse({ type: EmailTemplateDto, headers: ETAG_HEADER })
  @SendsEtag()
  get(@Param('name') name: string): Promise<EmailTemplateDto> {
    return this.templates.get(name);
  }

  @Patch(':name')
  @Authenticated('email_templates.edit')
  @ApiOperation({
    summary: 'Switch an email template on or off',
    description: `A template that is off sends nothing: its emails are cancelled in the outbox (see GET emails). ${UNKNOWN}`,
  })
  @ApiTemplateParam()
  @ApiIfMatch()
  @ApiOkResponse({ type: EmailTemplateDto, headers: ETAG_HEADER })
  @SendsEtag()
  update(
    @CurrentActor() actor: StaffActor,
    @Param('name') name: string,
    @Body() dto: UpdateEmailTemplateDto,
    @IfMatch() expectedVersion: number | undefined,
  ): Promise<EmailTemplateDto> {
    return this.templates.setEnabled(actor, name, dto.enabled, expectedVersion);
  }

  @Put(':name/languages/:language')
  @Authenticated('email_templates.edit')
  @ApiOperation({
    summary: "Change a template's subject and body in one language",
    description: `Checked before it is saved: a template that does not compile, uses a helper or partial, or names a value the template does not have (see \`variables\`) is a 400 naming the subject or the body, and nothing changes. ${UNKNOWN}`,
  })
  @ApiTemplateParam()
  @ApiLanguageParam()
  @ApiIfMatch()
  @ApiOkResponse({ type: EmailTemplateDto, headers: ETAG_HEADER })
  @SendsEtag()
  saveTranslation(
    @CurrentActor() actor: StaffActor,
    @Param('name') name: string,
    @Param('language') language: string,
    @Body() dto: TemplateTextDto,
    @IfMatch() expectedVersion: number | undefined,
  ): Promise<EmailTemplateDto> {
    return this.templates.saveTranslation(actor, name, language, dto, expectedVersion);
  }

  @Delete(':name/languages/:language')
  @HttpCode(204)
  @Authenticated('email_templates.edit')
  @ApiOperation({
    summary: 'Go back to the default text in one language',
    description: `Drops what staff saved in that language; the default file applies again. ${UNKNOWN}`,
  })
  @ApiTemplateParam()
  @ApiLanguageParam()
  @ApiIfMatch()
  @ApiNoContentResponse({ description: 'The default text applies' })
  resetTranslation(
    @CurrentActor() actor: StaffActor,
    @Param('name') name: string,
    @Param('language') language: string,
    @IfMatch() expectedVersion: number | undefined,
  ): Promise<void> {
    return this.templates.resetTranslation(actor, name, language, expectedVersion);
  }

  @Post(':name/preview')
  @HttpCode(200)
  @Authenticated(['email_templates.view', 'email_templates.edit'])
  @ApiOperation({
    summary: 'Preview an email template',
    description: `Renders it with example values and the company's own name and portal address: the saved text in that language, or a draft subject and body sent along (checked as a save would check them, 400 if broken). Nothing is saved or sent. ${UNKNOWN}`,
  })
  @ApiTemplateParam()
  @ApiOkResponse({ type: RenderedEmailDto })
  preview(@Param('name') name: string, @Body() dto: PreviewTemplateDto): Promise<RenderedEmailDto> {
    return this.templates.preview(name, dto);
  }
}
