import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { ApiUuidParam, ProblemDetailsDto, UuidParam } from '@app/common';
import { CurrentActor, StaffActor } from '../permissions/actor';
import { Authenticated } from '../permissions/authenticated.decorator';
import { StatementDto, StatementQueryDto } from './dto/statement.dto';
import { statementAnswer } from './statement-answer';
import { StatementsService } from './statements.service';

/** A bound for a statement file, far above years of a busy customer's account. */
const FILE_MAX_BYTES = 64 * 1024 * 1024;

@ApiTags('customers')
@ApiExtraModels(StatementDto)
@Controller('customers/:id/statement')
export class StatementsController {
  constructor(private readonly statements: StatementsService) {}

  @Get()
  @Authenticated(['invoices.view', 'invoices.view_own'])
  @ApiOperation({
    summary: "A customer's statement of account",
    description:
      "From `from` to `to` (default: the month of `to`, today in the company's time zone): the balance before `from`; every issued invoice (not draft or cancelled), payment, credit note and credit applied in the range in date order, each with the running balance; the totals and the balance due at `to`, which is the sum of the invoices' amounts due on that day (credit lowers it when applied to an invoice; credit not yet applied is shown apart); and the aging of that balance by days past each invoice's due date (current, 1–30, 31–60, 61–90, over 90). In the customer's currency. `format=pdf` prints it in the language of the customer's documents, `format=csv` lists its lines. Needs `invoices.view` (every customer) or `invoices.view_own` (assigned customers), capped by the customer scope; anything else answers 404.",
  })
  @ApiUuidParam('id', 'Customer id')
  @ApiOkResponse({
    description: 'The statement as JSON, PDF or CSV',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(StatementDto) } },
      'application/pdf': { schema: { type: 'string', format: 'binary', maxLength: FILE_MAX_BYTES } },
      'text/csv': { schema: { type: 'string', format: 'binary', maxLength: FILE_MAX_BYTES } },
    },
  })
  @ApiNotFoundResponse({
    type: ProblemDetailsDto,
    description: 'NOT_FOUND: no such customer, or one the caller may not see',
  })
  async get(
    @CurrentActor() actor: StaffActor,
    @UuidParam('id') id: string,
    @Query() query: StatementQueryDto,
  ): Promise<StatementDto | StreamableFile> {
    const statement = await this.statements.forStaff(actor, id, query);
    return statementAnswer(this.statements, statement, query.format);
  }
}
