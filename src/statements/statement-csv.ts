import { csvLine } from '@app/common';
import type { StatementDto } from './dto/statement.dto';

const COLUMNS = ['date', 'type', 'number', 'invoiceNumber', 'dueDate', 'mode', 'amount', 'charge', 'credit', 'balance'];

/**
 * The statement as CSV: a header line, the opening balance, a line per event with its running
 * balance, then the closing balance; amounts as decimal strings in the statement's currency.
 */
export function statementCsv(statement: StatementDto): string {
  const { from, to, openingBalance, totals } = statement;
  return [
    csvLine(COLUMNS),
    csvLine([from, 'opening_balance', '', '', '', '', '', '', '', openingBalance]),
    ...statement.lines.map((line) =>
      csvLine([
        line.date,
        line.type,
        line.number,
        line.invoiceNumber,
        line.dueDate,
        line.mode,
        line.amount,
        line.charge,
        line.credit,
        line.balance,
      ]),
    ),
    csvLine([to, 'balance_due', '', '', '', '', '', '', '', totals.balanceDue]),
  ].join('');
}
