import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { ContactActor, CurrentActor } from '../permissions/actor';
import { PortalAuthenticated } from '../permissions/portal-authenticated.decorator';
import { StatementDto, StatementQueryDto } from '../statements/dto/statement.dto';
import { PortalDocuments } from './portal-documents.service';

/** A bound for a statement file, far above years of a busy customer's account. */
const FILE_MAX_BYTES = 64 * 1024 * 1024;

@ApiTags('portal')
@ApiExtraModels(StatementDto)
@Controller('portal/statement')
export class PortalStatementController {
  constructor(private readonly documents: PortalDocuments) {}

  @Get()
  @PortalAuthenticated('invoices')
  @ApiOperation({
    summary: "Your company's statement of account",
    description:
      "The same figures as staff see: from `from` to `to` (default: the month of `to`, today in the company's time zone), the balance before `from`, every issued invoice, payment, credit note and credit applied in the range with the running balance, the totals, the balance due at `to` and its aging. `format=pdf` prints it in your company's language, `format=csv` lists its lines. Needs the portal permission `invoices` (403 otherwise, checked on every request).",
  })
  @ApiOkResponse({
    description: 'The statement as JSON, PDF or CSV',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(StatementDto) } },
      'application/pdf': { schema: { type: 'string', format: 'binary', maxLength: FILE_MAX_BYTES } },
      'text/csv': { schema: { type: 'string', format: 'binary', maxLength: FILE_MAX_BYTES } },
    },
  })
  get(@CurrentActor() actor: ContactActor, @Query() query: StatementQueryDto): Promise<StatementDto | StreamableFile> {
    return this.documents.statement(actor, query);
  }
}
