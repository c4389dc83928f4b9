import type { Content } from 'pdfmake/interfaces';
import { formatMinor, formatMoney } from '@app/common';
import { facts, letterhead, linesTable, localDay, totals, wrappable } from '@app/pdf';
import { type PrintContext, senderOf } from '../documents/document-pdfs.service';
import { AGING_BUCKETS, type StatementLine } from './statement';
import type { Statement } from './statements.service';

/** What a line says in the reference column: the invoice a payment or credit settles, a payment's mode. */
function reference(line: StatementLine): string {
  return [line.type === 'invoice' ? null : line.invoiceNumber, line.mode].filter(Boolean).join(' · ');
}

/**
 * A statement's page: the company and the customer, the period, the opening balance, every
 * line with its running balance, the totals, and the aging of the balance due.
 */
export function statementLayout({ account, currency, figures }: Statement, { t, company, language }: PrintContext) {
  const money = (minor: bigint) => formatMoney(formatMinor(minor, currency.decimals), currency);
  const blank = (minor: bigint) => (minor === 0n ? '' : money(minor));
  const period = `${localDay(figures.from, language)} – ${localDay(figures.to, language)}`;
  const rows = figures.lines.map((line) => [
    localDay(line.date, language),
    t(`statement.lines.${line.type}`),
    line.number ?? '',
    reference(line),
    line.type === 'credit_note' ? `(${money(line.amount)})` : blank(line.charge),
    blank(line.credit),
    money(line.balance),
  ]);
  const opening = [
    localDay(figures.from, language),
    t('statement.openingBalance'),
    '',
    '',
    '',
    '',
    money(figures.openingBalance),
  ];
  const content: Content[] = [
    letterhead(senderOf(company, t), t('statement.title'), [period], language),
    facts([
      [t('statement.customer'), wrappable(account.company)],
      [t('statement.period'), period],
      [t('statement.currency'), account.currency],
    ]),
    linesTable(
      [
        { header: t('date') },
        { header: t('statement.type') },
        { header: t('statement.number') },
        { header: t('statement.reference') },
        { header: t('statement.charge'), numeric: true },
        { header: t('statement.credit'), numeric: true },
        { header: t('statement.balance'), numeric: true },
      ],
      [opening, ...rows],
    ),
    totals([
      { label: t('statement.openingBalance'), value: money(figures.openingBalance) },
      { label: t('statement.invoiced'), value: money(figures.invoiced) },
      { label: t('statement.paid'), value: money(figures.paid) },
      { label: t('statement.credited'), value: money(figures.credited) },
      { label: t('statement.closingBalance'), value: money(figures.balanceDue), strong: true },
      ...(figures.unappliedCredit !== 0n
        ? [{ label: t('statement.unappliedCredit'), value: money(figures.unappliedCredit) }]
        : []),
    ]),
    { text: t('statement.aging'), style: 'label', margin: [0, 16, 0, 4] },
    linesTable(
      AGING_BUCKETS.map((bucket) => ({ header: t(`statement.buckets.${bucket}`), numeric: true })),
      [AGING_BUCKETS.map((bucket) => money(figures.aging[bucket]))],
    ),
  ];
  return { title: `${t('statement.title')} ${account.company} ${period}`, content };
}
