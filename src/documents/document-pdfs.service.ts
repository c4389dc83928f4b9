import { Injectable } from '@nestjs/common';
import { I18nService } from 'nestjs-i18n';
import { CurrencyStyle, formatDecimal, formatMoney } from '@app/common';
import {
  PdfRenderer,
  TotalRow,
  addressBlock,
  facts,
  letterhead,
  linesTable,
  localDay,
  sideBySide,
  totals,
} from '@app/pdf';
import { CurrenciesService } from '../currencies/currencies.service';
import { CustomerTransactions } from '../customer-transactions/customer-transactions.service';
import type { Actor } from '../permissions/actor';
import type { CompanyDetails } from '../settings/settings';
import { SettingsService } from '../settings/settings.service';
import type { SalesDocumentDto } from './dto/sales-document.dto';

/** The kinds of documents printed, as their labels are keyed in `i18n/<lang>/pdf.json`. */
export type DocumentKind = 'invoice' | 'estimate' | 'creditNote';

/** A document as printed: what every kind shows, plus its number and status. */
export type PrintedDocument = SalesDocumentDto & { number: string | null; status: string };

/** A label in the document's language. */
export type Translate = (key: string, args?: Record<string, unknown>) => string;

/** How a kind of document adds to the common layout. */
export interface DocumentPrint {
  kind: DocumentKind;
  document: PrintedDocument;
  /** Who reads it: a contact on the portal always reads it in its customer's language. */
  reader: Actor;
  /** Dated facts after the document's date (a due date, an expiry date), as [label, day] pairs. */
  days?: (t: Translate) => Array<[string, string]>;
  /** Words after the status (`overdue`). */
  statusNote?: (t: Translate) => string | null;
  /** Rows after the total (paid, credited, due), amounts as decimal strings. */
  balance?: (t: Translate) => Array<{ label: string; amount: string; strong?: boolean }>;
}

export interface DocumentPdf {
  filename: string;
  content: Buffer;
}

const FILE_PREFIX: Record<DocumentKind, string> = {
  invoice: 'invoice',
  estimate: 'estimate',
  creditNote: 'credit-note',
};

/** A file name of only the characters every system accepts: the number, or `<kind>-<id>` for a draft. */
function filenameOf(kind: DocumentKind, document: PrintedDocument): string {
  const name = document.number?.replace(/[^A-Za-z0-9._-]/g, '-') ?? `${FILE_PREFIX[kind]}-${document.id}`;
  return `${name}.pdf`;
}

/**
 * Sales documents as PDFs, one layout for every kind: the company's details from the
 * settings, amounts written the way the document's currency writes them, in the system
 * default language, or the customer's when `pdfInClientLanguage` is on or a contact reads it on the portal. The caller reads
 * the document under its own access rule first.
 */
@Injectable()
export class DocumentPdfs {
  constructor(
    private readonly settings: SettingsService,
    private readonly currencies: CurrenciesService,
    private readonly customers: CustomerTransactions,
    private readonly i18n: I18nService,
    private readonly renderer: PdfRenderer,
  ) {}

  async render(print: DocumentPrint): Promise<DocumentPdf> {
    const { document, kind } = print;
    const settings = await this.settings.pick(['company', 'defaultLanguage', 'pdfInClientLanguage']);
    const currency = await this.currencies.get(document.currency);
    const inCustomerLanguage = print.reader.kind === 'contact' || settings.pdfInClientLanguage;
    const customerLanguage = inCustomerLanguage ? await this.customers.languageOf(document.customerId) : null;
    const language = customerLanguage ?? settings.defaultLanguage;
    const t: Translate = (key, args) => String(this.i18n.translate(`pdf.${key}`, { lang: language, args }));
    const content = await this.renderer.render({
      title: `${t(kind)} ${document.number ?? t('draft')}`,
      author: settings.company.name,
      language,
      content: layout(print, settings.company, currency, language, t),
      footer: (page, pages) => t('page', { page, pages }),
    });
    return { filename: filenameOf(kind, document), content };
  }
}

/** The page content: letterhead, dates and status, addresses, lines and totals, in the document's language. */
function layout(
  print: DocumentPrint,
  company: CompanyDetails,
  currency: CurrencyStyle,
  language: string,
  t: Translate,
) {
  const { document, kind } = print;
  const money = (amount: string) => formatMoney(amount, currency);
  const number = (text: string, minDecimals = 0) => formatDecimal(text, currency, minDecimals);
  const details = (['vat', 'phone', 'email', 'website'] as const)
    .filter((member) => company[member])
    .map((member) => `${t(member)}: ${company[member]}`);
  const note = print.statusNote?.(t);
  const status = `${t(`${kind}Status.${document.status}`)}${note ? ` (${note})` : ''}`;
  const addresses = [addressBlock(t('billTo'), document.billingAddress, language)];
  if (document.shippingAddress) addresses.push(addressBlock(t('shipTo'), document.shippingAddress, language));
  const days = (print.days?.(t) ?? []).map(([label, day]): [string, string] => [label, localDay(day, language)]);
  const balance = (print.balance?.(t) ?? []).map(({ label, amount, strong }): TotalRow => ({
    label,
    value: money(amount),
    strong,
  }));
  return [
    letterhead({ ...company, details }, t(kind), [document.number ?? t('draft')], language),
    facts([[t('date'), localDay(document.date, language)], ...days, [t('status'), status]]),
    sideBySide(addresses),
    linesTable(
      [
        { header: t('description') },
        { header: t('quantity'), numeric: true },
        { header: t('unitPrice'), numeric: true },
        { header: t('taxRate'), numeric: true },
        { header: t('net'), numeric: true },
      ],
      document.items.map((item) => [
        item.description,
        number(item.quantity),
        number(item.unitPrice, currency.decimals),
        number(item.taxRate),
        money(item.net),
      ]),
    ),
    totals([
      { label: t('subtotal'), value: money(document.subtotal) },
      { label: t('tax'), value: money(document.taxTotal) },
      { label: t('total'), value: money(document.total), strong: true },
      ...balance,
    ]),
  ];
}
