import { Readable } from 'node:stream';
import { StreamableFile } from '@nestjs/common';
import { csvLine } from '@app/common';
import type { CustomerDto } from './dto/customer.dto';

const CSV_COLUMNS = [
  'id',
  'company',
  'vat',
  'phone',
  'website',
  'street',
  'city',
  'state',
  'zip',
  'country',
  'billingStreet',
  'billingCity',
  'billingState',
  'billingZip',
  'billingCountry',
  'shippingStreet',
  'shippingCity',
  'shippingState',
  'shippingZip',
  'shippingCountry',
  'currency',
  'language',
  'groupIds',
  'active',
  'createdAt',
];

function csvRow(c: CustomerDto): string {
  const address = (a: CustomerDto['address'] | null) => [a?.street, a?.city, a?.state, a?.zip, a?.country];
  return csvLine([
    c.id,
    c.company,
    c.vat,
    c.phone,
    c.website,
    ...address(c.address),
    ...address(c.billingAddress),
    ...address(c.shippingAddress),
    c.currency,
    c.language,
    c.groupIds.join(';'),
    c.active,
    c.createdAt,
  ]);
}

/** The customers as a CSV download (`customers.csv`): a header line, then one line per customer as it streams. */
export function customersCsv(rows: AsyncIterable<CustomerDto>): StreamableFile {
  async function* lines() {
    yield csvLine(CSV_COLUMNS);
    for await (const customer of rows) yield csvRow(customer);
  }
  return new StreamableFile(Readable.from(lines()), {
    type: 'text/csv; charset=utf-8',
    disposition: 'attachment; filename="customers.csv"',
  });
}
