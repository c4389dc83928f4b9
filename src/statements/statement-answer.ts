import { StreamableFile } from '@nestjs/common';
import { pdfAttachment } from '../documents/pdf-response';
import type { StatementDto, StatementFormat } from './dto/statement.dto';
import { statementCsv } from './statement-csv';
import { type Statement, StatementsService, toStatementDto } from './statements.service';

/**
 * A statement as the request asks for it: JSON, a PDF (in `language` when given, else as
 * the customer's documents are printed) or a CSV of its lines. Staff and the portal answer
 * the same figures this way.
 */
export async function statementAnswer(
  statements: StatementsService,
  statement: Statement,
  format: StatementFormat | undefined,
  language?: string,
): Promise<StatementDto | StreamableFile> {
  if (format === 'pdf') return pdfAttachment(await statements.pdf(statement, language));
  const dto = toStatementDto(statement);
  if (format !== 'csv') return dto;
  const csv = Buffer.from(statementCsv(dto));
  return new StreamableFile(csv, {
    type: 'text/csv; charset=utf-8',
    disposition: `attachment; filename="statement-${dto.from}-${dto.to}.csv"`,
    length: csv.length,
  });
}
