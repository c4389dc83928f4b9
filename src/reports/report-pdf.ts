import { Injectable } from '@nestjs/common';
import type { Content } from 'pdfmake/interfaces';
import { I18nService } from 'nestjs-i18n';
import { formatMoney } from '@app/common';
import { PdfRenderer, facts, linesTable, localDay, wrappable } from '@app/pdf';
import type { GroupReportDto, GroupReportRowDto } from './dto/report.dto';
import type { ReportCurrency } from './reports.service';

type Translate = (key: string, args?: Record<string, unknown>) => string;

/** The width of the longest bar, in points. */
const BAR_WIDTH = 260;
const BAR_HEIGHT = 10;
const BAR_COLOR = '#3b6ea5';

/** Bars as long as `value` is to `max`, exactly (no floats reach the amounts themselves). */
function barLength(value: bigint, max: bigint): number {
  if (max <= 0n || value <= 0n) return 0;
  return Number((value * BigInt(BAR_WIDTH * 100)) / max) / 100;
}

/**
 * The group report as a PDF in the caller's language: for each currency a bar chart of the
 * money received per group (drawn with pdfmake's vector canvas), then the table of every row,
 * the totals, the period and, when converted, the rates used.
 */
@Injectable()
export class ReportPdfs {
  constructor(
    private readonly renderer: PdfRenderer,
    private readonly i18n: I18nService,
  ) {}

  render(report: GroupReportDto, currencies: ReadonlyMap<string, ReportCurrency>, language: string): Promise<Buffer> {
    const t: Translate = (key, args) => String(this.i18n.translate(`pdf.report.${key}`, { lang: language, args }));
    const money = (currency: string, amount: string) => formatMoney(amount, currencies.get(currency)!);
    const name = (row: { groupName: string | null }) => row.groupName ?? t('ungrouped');
    const period = `${localDay(report.period.from, language)} – ${localDay(report.period.to, language)}`;
    const content: Content[] = [{ text: t('title'), style: 'title' }, facts([[t('period'), period]])];
    for (const total of report.totals) {
      const rows = report.rows.filter((row) => row.currency === total.currency);
      content.push({ text: t('chartTitle', { currency: total.currency }), style: 'sender', margin: [0, 8, 0, 4] });
      content.push(barChart(rows, name, (row) => money(row.currency, row.received)));
    }
    content.push(
      linesTable(
        [
          { header: t('group') },
          { header: t('currency') },
          { header: t('received'), numeric: true },
          { header: t('invoiced'), numeric: true },
          { header: t('customers'), numeric: true },
        ],
        [
          ...report.rows.map((row) => [
            name(row),
            row.currency,
            money(row.currency, row.received),
            money(row.currency, row.invoiced),
            String(row.customers),
          ]),
          ...report.totals.map((total) => [
            t('total'),
            total.currency,
            money(total.currency, total.received),
            money(total.currency, total.invoiced),
            '',
          ]),
        ],
      ),
    );
    const converted = report.converted;
    if (converted) {
      content.push({
        text: t('convertedTitle', { currency: converted.currency }),
        style: 'sender',
        margin: [0, 8, 0, 4],
      });
      content.push(
        linesTable(
          [{ header: t('group') }, { header: t('received'), numeric: true }, { header: t('invoiced'), numeric: true }],
          [
            ...converted.rows.map((row) => [
              name(row),
              money(converted.currency, row.received),
              money(converted.currency, row.invoiced),
            ]),
            [
              t('total'),
              money(converted.currency, converted.total.received),
              money(converted.currency, converted.total.invoiced),
            ],
          ],
        ),
      );
      content.push(
        facts(
          converted.rates.map((rate) => [
            t('rate', { currency: rate.currency }),
            rate.date ? `${rate.rate} (${localDay(rate.date, language)})` : rate.rate,
          ]),
        ),
      );
    }
    return this.renderer.render({
      title: t('title'),
      language,
      content,
      footer: String(this.i18n.translate('pdf.page', { lang: language, args: { page: '{page}', pages: '{pages}' } })),
    });
  }
}

/** One bar per row: the name, a rectangle as long as its share of the largest, the amount. */
function barChart(
  rows: readonly GroupReportRowDto[],
  name: (row: GroupReportRowDto) => string,
  amount: (row: GroupReportRowDto) => string,
): Content {
  const values = rows.map((row) => BigInt(row.received.replace('.', '')));
  const max = values.reduce((a, b) => (b > a ? b : a), 0n);
  return {
    table: {
      widths: [140, BAR_WIDTH, '*'],
      body: rows.map((row, i) => [
        { text: wrappable(name(row)) },
        {
          canvas: [
            { type: 'rect', x: 0, y: 1, w: Math.max(barLength(values[i], max), 0.5), h: BAR_HEIGHT, color: BAR_COLOR },
          ],
        },
        { text: amount(row), alignment: 'right', noWrap: true },
      ]),
    },
    layout: 'noBorders',
    margin: [0, 0, 0, 12],
  };
}
