import {
  type Address,
  type AddressDto,
  type CustomerAddressDto,
  MONEY_MAX_MINOR,
  NO_ADDRESS,
  addressDto,
  documentAmounts,
  formatMinor,
  toAddress,
  withinMoneyLimit,
} from '@app/common';
import type { DocumentParty } from '../customer-transactions/customer-transactions.service';
import { documentNumber } from './document-numbers.service';
import { amountTooLarge } from './documents.errors';
import type { DocumentItemDto, DocumentLineDto, SalesDocumentDto } from './dto/sales-document.dto';
import type { DocumentLine, SalesDocument } from './sales-document.entity';

/** The address columns of a document for a billing address and a shipping address (or none). */
export function addressColumns(
  billing: Address,
  shipping: Address | null,
): Pick<SalesDocument, 'billing' | 'hasShippingAddress' | 'shipping'> {
  return { billing: { ...billing }, hasShippingAddress: shipping !== null, shipping: { ...(shipping ?? NO_ADDRESS) } };
}

/** The addresses of a document as answered. */
export function documentAddresses(document: SalesDocument): {
  billingAddress: CustomerAddressDto;
  shippingAddress: CustomerAddressDto | null;
} {
  return {
    billingAddress: addressDto(document.billing),
    shippingAddress: document.hasShippingAddress ? addressDto(document.shipping) : null,
  };
}

/** A document's addresses changed by an update: `billingAddress` replaces, `shippingAddress: null` removes. */
export function readdressed(
  document: SalesDocument,
  dto: { billingAddress?: AddressDto; shippingAddress?: AddressDto | null },
): Pick<SalesDocument, 'billing' | 'hasShippingAddress' | 'shipping'> {
  const billing = dto.billingAddress !== undefined ? toAddress(dto.billingAddress) : document.billing;
  const kept = document.hasShippingAddress ? document.shipping : null;
  const shipping = dto.shippingAddress === undefined ? kept : dto.shippingAddress && toAddress(dto.shippingAddress);
  return addressColumns(billing, shipping);
}

/**
 * The lines of a document with their rounded amounts, and its totals: each line's net and
 * tax rounded half-up to the minor unit, the totals the sums of the rounded lines. 400
 * beyond what is stored.
 */
export function pricedLines(items: readonly DocumentItemDto[], decimals: number) {
  const amounts = documentAmounts(items, decimals);
  const max = formatMinor(MONEY_MAX_MINOR, decimals);
  amounts.lines.forEach((line, i) => {
    if (!withinMoneyLimit(line.net + line.tax)) throw amountTooLarge(`items.${i}.unitPrice`, max);
  });
  if (!withinMoneyLimit(amounts.total)) throw amountTooLarge('items', max);
  const lines: DocumentLine[] = items.map((item, position) => ({
    position,
    description: item.description.trim(),
    quantity: item.quantity,
    unitPrice: item.unitPrice,
    taxRate: item.taxRate,
    net: amounts.lines[position].net,
    tax: amounts.lines[position].tax,
  }));
  return { lines, subtotal: amounts.subtotal, taxTotal: amounts.taxTotal, total: amounts.total };
}

/** The lines of a document as answered, in order. */
export function lineDtos(lines: readonly DocumentLine[], decimals: number): DocumentLineDto[] {
  return [...lines]
    .sort((a, b) => a.position - b.position)
    .map((line) => ({
      description: line.description,
      quantity: line.quantity,
      unitPrice: line.unitPrice,
      taxRate: line.taxRate,
      net: formatMinor(line.net, decimals),
      tax: formatMinor(line.tax, decimals),
    }));
}

/** What every document answers, from its row and lines; each kind adds its number, status and own fields. */
export function documentDtoBase(document: SalesDocument, lines: readonly DocumentLine[]): SalesDocumentDto {
  const money = (minor: bigint) => formatMinor(minor, document.currencyDecimals);
  return {
    id: document.id,
    customerId: document.customerId,
    currency: document.currency,
    date: document.date,
    items: lineDtos(lines, document.currencyDecimals),
    subtotal: money(document.subtotal),
    taxTotal: money(document.taxTotal),
    total: money(document.total),
    ...documentAddresses(document),
    version: document.version,
    createdBy: document.createdBy,
    createdAt: document.createdAt.toISOString(),
    updatedAt: document.updatedAt.toISOString(),
  };
}

/** A document as answered: what every document answers, its number, then the kind's own fields (`money` formats its amounts). */
export function documentAnswer<Own extends object>(
  document: SalesDocument,
  lines: readonly DocumentLine[],
  own: (money: (minor: bigint) => string) => Own,
): SalesDocumentDto & { number: string | null } & Own {
  const money = (minor: bigint) => formatMinor(minor, document.currencyDecimals);
  return { ...documentDtoBase(document, lines), number: document.number, ...own(money) };
}

/** What a new document is made of: its customer as counted (currency, addresses), its priced lines' totals, its number if it has one yet. */
export interface NewDocument<Status extends string> {
  id: string;
  customerId: string;
  party: DocumentParty;
  decimals: number;
  date: string;
  status: Status;
  totals: Pick<SalesDocument, 'subtotal' | 'taxTotal' | 'total'>;
  /** The series' prefix and the number taken from it; null for a draft. */
  numbered: { prefix: string; sequenceNumber: number } | null;
  createdBy: string;
}

/** The common columns of a new document, at version 1. */
export function newDocument<Status extends string>(input: NewDocument<Status>): SalesDocument<Status> {
  const now = new Date();
  return {
    id: input.id,
    number: input.numbered && documentNumber(input.numbered.prefix, input.numbered.sequenceNumber),
    sequenceNumber: input.numbered?.sequenceNumber ?? null,
    customerId: input.customerId,
    currency: input.party.currency,
    currencyDecimals: input.decimals,
    date: input.date,
    status: input.status,
    subtotal: input.totals.subtotal,
    taxTotal: input.totals.taxTotal,
    total: input.totals.total,
    ...addressColumns(input.party.billingAddress, input.party.shippingAddress),
    version: 1,
    createdBy: input.createdBy,
    createdAt: now,
    updatedAt: now,
  };
}

/** What the activity records first of any document: which it is, its status, currency and date. */
export function auditedHead(document: Pick<SalesDocument, 'number' | 'status' | 'currency' | 'date'>) {
  return { number: document.number, status: document.status, currency: document.currency, date: document.date };
}

/** What the activity records of a document's content as answered: how many lines, its total and its addresses. */
export function auditedContent(dto: SalesDocumentDto) {
  return {
    items: dto.items.length,
    total: dto.total,
    billingAddress: dto.billingAddress,
    shippingAddress: dto.shippingAddress,
  };
}
