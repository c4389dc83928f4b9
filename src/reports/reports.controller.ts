import { Controller, Get, Param, Query, Req, StreamableFile } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiTags,
  ApiUnprocessableEntityResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Page, ProblemDetailsDto, invalidField, negotiateLanguage } from '@app/common';
import { SUPPORTED_LANGUAGES } from '../config/environment';
import { CurrentActor, StaffActor } from '../permissions/actor';
import { Authenticated } from '../permissions/authenticated.decorator';
import { SettingsService } from '../settings/settings.service';
import {
  GroupCustomerDto,
  GroupCustomerPageDto,
  GroupCustomersQueryDto,
  GroupReportDto,
  GroupReportQueryDto,
} from './dto/report.dto';
import { groupReportCsv, reportFilename } from './report-csv';
import { ReportPdfs } from './report-pdf';
import { ReportsService, UNGROUPED } from './reports.service';

const SCOPE_NOTE =
  'Only customers the caller may see count (with `customers.view_own`: those they administer), in rows, totals, series and conversions alike.';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const FILE_MAX_BYTES = 64 * 1024 * 1024;

@ApiTags('reports')
@ApiExtraModels(GroupReportDto)
@Controller('reports/customer-groups')
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly pdfs: ReportPdfs,
    private readonly settings: SettingsService,
  ) {}

  @Get()
  @Authenticated('reports.view')
  @ApiOperation({
    summary: 'Revenue by customer group',
    description: `Money received (payments dated in the period, on invoices not cancelled) and invoiced (invoices dated in the period, neither draft nor cancelled) per customer group and currency, ranked by received within each currency (ties by name). A customer in several groups counts in each; customers in no group form the row with groupId null. \`totals\` count every payment once, per currency; currencies are never added together unless \`convertTo\` names one, and then \`converted\` adds the converted figures and shows the rates used. \`series\` gives the same figures per month. \`format=csv\` answers one line per group and currency, \`format=pdf\` a bar chart per currency, the table, the period and the rates, in the caller's language. ${SCOPE_NOTE}`,
  })
  @ApiProduces('application/json', 'text/csv', 'application/pdf')
  @ApiOkResponse({
    description: 'The report as JSON, CSV or PDF',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(GroupReportDto) } },
      'text/csv': { schema: { type: 'string', format: 'binary', maxLength: FILE_MAX_BYTES } },
      'application/pdf': { schema: { type: 'string', format: 'binary', maxLength: FILE_MAX_BYTES } },
    },
  })
  @ApiUnprocessableEntityResponse({
    type: ProblemDetailsDto,
    description: 'EXCHANGE_RATE_MISSING: a currency of the report has no stored rate on or before the period end',
  })
  async groupReport(
    @CurrentActor() actor: StaffActor,
    @Query() query: GroupReportQueryDto,
    @Req() request: FastifyRequest,
  ): Promise<GroupReportDto | StreamableFile> {
    const { answer, currencies } = await this.reports.groupReport(actor, query);
    if (query.format === 'csv') {
      return new StreamableFile(Buffer.from(groupReportCsv(answer), 'utf8'), {
        type: 'text/csv; charset=utf-8',
        disposition: `attachment; filename="${reportFilename(answer, 'csv')}"`,
      });
    }
    if (query.format === 'pdf') {
      const language =
        actor.language ??
        negotiateLanguage(request.headers['accept-language'], SUPPORTED_LANGUAGES) ??
        (await this.settings.defaultLanguage());
      const content = await this.pdfs.render(answer, currencies, language);
      return new StreamableFile(content, {
        type: 'application/pdf',
        disposition: `attachment; filename="${reportFilename(answer, 'pdf')}"`,
        length: content.length,
      });
    }
    return answer;
  }

  @Get(':groupId/customers')
  @Authenticated('reports.view')
  @ApiOperation({
    summary: "A group's customers in the revenue report",
    description: `The customers of one group (or \`ungrouped\`: of none) with what they paid and were invoiced in the period, per currency, ranked by received (then by company), a page at a time; the same period and currency parameters as the report. ${SCOPE_NOTE}`,
  })
  @ApiParam({
    name: 'groupId',
    description: 'A customer group id, or `ungrouped`',
    schema: { type: 'string', maxLength: 36, pattern: '^(ungrouped|[0-9a-fA-F-]{36})$' },
  })
  @ApiOkResponse({ type: GroupCustomerPageDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'NOT_FOUND: no such customer group' })
  groupCustomers(
    @CurrentActor() actor: StaffActor,
    @Param('groupId') groupId: string,
    @Query() query: GroupCustomersQueryDto,
  ): Promise<Page<GroupCustomerDto>> {
    if (groupId !== UNGROUPED && !UUID.test(groupId)) throw invalidField('groupId', 'isUUID');
    return this.reports.groupCustomers(actor, groupId.toLowerCase(), query);
  }
}
