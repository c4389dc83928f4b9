import { Injectable } from '@nestjs/common';
import { I18nService } from 'nestjs-i18n';
import { CurrencyStyle, formatDecimal, formatMoney } from '@app/common';
import {
  PdfRenderer,
  PdfRendererBusy,
  TotalRow,
  addressBlock,
  facts,
  letterhead,
  linesTable,
  localDay,
  sideBySide,
  totals,
} from '@app/pdf';
import type { Content } from 'pdfmake/interfaces';
import { CurrenciesService } from '../currencies/currencies.service';
import { CustomerTransactions } from '../customer-transactions/customer-transactions.service';
import type { Actor } from '../permissions/actor';
import type { CompanyDetails } from '../settings/settings';
import { SettingsService } from '../settings/settings.service';
import type { SalesDocumentDto } from './dto/sales-document.dto';
import { rendererBusy } from './documents.errors';

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
  /** Dated facts after the document's date (a due date, an expiry date), as [label, day] pairs. */
  days?: (t: Translate) => Array<[string, string]>;
  /** Words after the status (`overdue`). */
  statusNote?: (t: Translate) => string | null;
  /** Rows after the total (paid, credited, due), amounts as decimal strings. */
  balance?: (t: Translate) => Array<{ label: string; amount: string; strong?: boolean }>;
}

/** What a page layout is given: the labels, the company's details and the language. */
export interface PrintContext {
  t: Translate;
  company: CompanyDetails;
  language: string;
}

export interface DocumentPdf {
  filename: string;
  content: Buffer;
}

/** A document of an export batch: where the next batch starts after it, and its PDF, rendered when asked. */
export interface ExportedDocument {
  key: { date: string; id: string };
  pdf: () => Promise<DocumentPdf>;
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

  /**
   * The document as a PDF, in `language` when given (an email to the customer), else as
   * every document is printed.
   */
  async render(print: DocumentPrint, language?: string): Promise<DocumentPdf> {
    const { document, kind } = print;
    const currency = await this.currencies.get(document.currency);
    return this.print(document.customerId, language, filenameOf(kind, document), ({ t, company, language }) => ({
      title: `${t(kind)} ${document.number ?? t('draft')}`,
      content: layout(print, company, currency, language, t),
    }));
  }

  /**
   * The language `reader` reads a customer's documents in: a contact on the portal, its
   * customer's (else the system default), whatever `pdfInClientLanguage` says; staff,
   * undefined (as every document is printed).
   */
  async languageFor(reader: Actor, customerId: string): Promise<string | undefined> {
    if (reader.kind !== 'contact') return undefined;
    return (
      (await this.customers.languageOf(customerId)) ?? (await this.settings.pick(['defaultLanguage'])).defaultLanguage
    );
  }

  /**
   * A page laid out by `build`, with the company's details, its labels in the language of
   * the customer's documents (the system default, or the customer's when
   * `pdfInClientLanguage` is on; `language` when given) and the page numbers at the foot.
   */
  async print(
    customerId: string,
    language: string | undefined,
    filename: string,
    build: (page: PrintContext) => { title: string; content: Content[] },
  ): Promise<DocumentPdf> {
    const settings = await this.settings.pick(['company', 'defaultLanguage', 'pdfInClientLanguage']);
    const chosen =
      language ??
      (settings.pdfInClientLanguage ? await this.customers.languageOf(customerId) : null) ??
      settings.defaultLanguage;
    const t: Translate = (key, args) => String(this.i18n.translate(`pdf.${key}`, { lang: chosen, args }));
    const page = build({ t, company: settings.company, language: chosen });
    const content = await this.renderer
      .render({
        title: page.title,
        author: settings.company.name,
        language: chosen,
        content: page.content,
        footer: t('page', { page: '{page}', pages: '{pages}' }),
      })
      .catch((error: unknown) => {
        throw error instanceof PdfRendererBusy ? rendererBusy() : error;
      });
    return { filename, content };
  }
}

/** The company as the sender of a document: its name, address and the details it prints. */
export function senderOf(company: CompanyDetails, t: Translate) {
  const details = (['vat', 'phone', 'email', 'website'] as const)
    .filter((member) => company[member])
    .map((member) => `${t(member)}: ${company[member]}`);
  return { ...company, details };
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
    letterhead(senderOf(company, t), t(kind), [document.number ?? t('draft')], language),
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
