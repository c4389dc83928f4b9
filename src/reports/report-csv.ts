import { csvLine } from '@app/common';
import type { GroupReportDto } from './dto/report.dto';

export const REPORT_CSV_COLUMNS = ['groupId', 'groupName', 'currency', 'received', 'invoiced', 'customers'];

/**
 * The group report as CSV: a header line, then one line per group and currency, ranked as
 * in the JSON answer. Fields are quoted as RFC 4180 says, and a cell a spreadsheet would run
 * as a formula (`= + - @`, tab, carriage return first) starts with `'`.
 */
export function groupReportCsv(report: GroupReportDto): string {
  return [
    csvLine(REPORT_CSV_COLUMNS),
    ...report.rows.map((row) =>
      csvLine([row.groupId, row.groupName, row.currency, row.received, row.invoiced, row.customers]),
    ),
  ].join('');
}

/** The download's file name: the report and its days. */
export function reportFilename(report: GroupReportDto, extension: 'csv' | 'pdf'): string {
  return `customer-groups-${report.period.from}-${report.period.to}.${extension}`;
}
