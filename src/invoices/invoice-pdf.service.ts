import { Injectable } from '@nestjs/common';
import { I18nService } from 'nestjs-i18n';
import { CurrencyStyle, formatDecimal, formatMoney } from '@app/common';
import { PdfRenderer, addressBlock, facts, letterhead, linesTable, localDay, sideBySide, totals } from '@app/pdf';
import { CurrenciesService } from '../currencies/currencies.service';
import { CustomerTransactions } from '../customers/customer-transactions.service';
import type { StaffActor } from '../permissions/actor';
import type { CompanyDetails } from '../settings/settings';
import { SettingsService } from '../settings/settings.service';
import type { InvoiceDto } from './dto/invoice.dto';
import { InvoicesService } from './invoices.service';

export interface InvoicePdf {
  filename: string;
  content: Buffer;
}

type Translate = (key: string, args?: Record<string, unknown>) => string;

/** A file name of only the characters every system accepts: the number, or `invoice-<id>` for a draft. */
function invoiceFilename(invoice: Pick<InvoiceDto, 'id' | 'number'>): string {
  const name = invoice.number?.replace(/[^A-Za-z0-9._-]/g, '-') ?? `invoice-${invoice.id}`;
  return `${name}.pdf`;
}

/**
 * An invoice as a PDF, read under the same access rule as the invoice itself: with the
 * company's details from the settings, amounts written the way the invoice's currency writes
 * them, in the system default language, or the customer's when `pdfInClientLanguage` is on.
 */
@Injectable()
export class InvoicePdfService {
  constructor(
    private readonly invoices: InvoicesService,
    private readonly settings: SettingsService,
    private readonly currencies: CurrenciesService,
    private readonly customers: CustomerTransactions,
    private readonly i18n: I18nService,
    private readonly renderer: PdfRenderer,
  ) {}

  async render(actor: StaffActor, id: string): Promise<InvoicePdf> {
    const invoice = await this.invoices.get(actor, id);
    const settings = await this.settings.pick(['company', 'defaultLanguage', 'pdfInClientLanguage']);
    const currency = await this.currencies.get(invoice.currency);
    const customerLanguage = settings.pdfInClientLanguage ? await this.customers.languageOf(invoice.customerId) : null;
    const language = customerLanguage ?? settings.defaultLanguage;
    const t: Translate = (key, args) => String(this.i18n.translate(`pdf.${key}`, { lang: language, args }));
    const content = await this.renderer.render({
      title: `${t('invoice')} ${invoice.number ?? t('draft')}`,
      author: settings.company.name,
      language,
      content: layout(invoice, settings.company, currency, language, t),
      footer: (page, pages) => t('page', { page, pages }),
    });
    return { filename: invoiceFilename(invoice), content };
  }
}

/** The page content: letterhead, dates and status, addresses, lines and totals, in the invoice's language. */
function layout(invoice: InvoiceDto, company: CompanyDetails, currency: CurrencyStyle, language: string, t: Translate) {
  const money = (amount: string) => formatMoney(amount, currency);
  const number = (text: string, minDecimals = 0) => formatDecimal(text, currency, minDecimals);
  const details = (['vat', 'phone', 'email', 'website'] as const)
    .filter((member) => company[member])
    .map((member) => `${t(member)}: ${company[member]}`);
  const status = `${t(`invoiceStatus.${invoice.status}`)}${invoice.isOverdue ? ` (${t('overdue')})` : ''}`;
  const addresses = [addressBlock(t('billTo'), invoice.billingAddress, language)];
  if (invoice.shippingAddress) addresses.push(addressBlock(t('shipTo'), invoice.shippingAddress, language));
  return [
    letterhead({ ...company, details }, t('invoice'), [invoice.number ?? t('draft')], language),
    facts([
      [t('date'), localDay(invoice.date, language)],
      [t('dueDate'), localDay(invoice.dueDate, language)],
      [t('status'), status],
    ]),
    sideBySide(addresses),
    linesTable(
      [
        { header: t('description') },
        { header: t('quantity'), numeric: true },
        { header: t('unitPrice'), numeric: true },
        { header: t('taxRate'), numeric: true },
        { header: t('net'), numeric: true },
      ],
      invoice.items.map((item) => [
        item.description,
        number(item.quantity),
        number(item.unitPrice, currency.decimals),
        number(item.taxRate),
        money(item.net),
      ]),
    ),
    totals([
      { label: t('subtotal'), value: money(invoice.subtotal) },
      { label: t('tax'), value: money(invoice.taxTotal) },
      { label: t('total'), value: money(invoice.total), strong: true },
      { label: t('amountPaid'), value: money(invoice.amountPaid) },
      { label: t('amountDue'), value: money(invoice.amountDue), strong: true },
    ]),
  ];
}
