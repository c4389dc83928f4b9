import { type CurrencyStyle, formatMinor, formatMoney } from '@app/common';
import { facts, letterhead, localDay, totals, wrappable } from '@app/pdf';
import { type PrintContext, senderOf } from '../documents/document-pdfs.service';
import type { Payment } from './payment.entity';

/** A payment as its receipt prints it: the payment and the number of the invoice it paid. */
export type ReceiptPayment = Payment & { invoiceNumber: string | null };

/** A file name of only the characters every system accepts: the invoice's number, the day and the payment's id. */
export function receiptFilename(payment: ReceiptPayment): string {
  const invoice = (payment.invoiceNumber ?? 'invoice').replace(/[^A-Za-z0-9._-]/g, '-');
  return `receipt-${invoice}-${payment.date}-${payment.id}.pdf`;
}

/** A payment receipt's page: the company, the day, the invoice paid, the mode and note, the amount received. */
export function receiptLayout(
  payment: ReceiptPayment,
  currency: CurrencyStyle,
  { t, company, language }: PrintContext,
) {
  const amount = formatMoney(formatMinor(payment.amount, payment.currencyDecimals), currency);
  const rows: Array<[string, string]> = [
    [t('date'), localDay(payment.date, language)],
    [t('paidInvoice'), payment.invoiceNumber ?? t('draft')],
    [t('paymentMode'), payment.mode],
  ];
  if (payment.note) rows.push([t('note'), wrappable(payment.note)]);
  return {
    title: `${t('receipt')} ${payment.invoiceNumber ?? ''} ${payment.date}`.trim(),
    content: [
      letterhead(senderOf(company, t), t('receipt'), [localDay(payment.date, language)], language),
      facts(rows),
      totals([{ label: t('amountReceived'), value: amount, strong: true }]),
    ],
  };
}
