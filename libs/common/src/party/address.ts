import { Column } from 'typeorm';
import type { AddressDto, CustomerAddressDto } from './address.dto';

/** Street, city, state, zip and ISO 3166-1 alpha-2 country: embedded columns of customers, documents and settings. */
export class Address {
  @Column({ type: 'varchar', length: 255, nullable: true })
  street: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  city: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  state: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  zip: string | null;

  @Column({ type: 'varchar', length: 2, nullable: true })
  country: string | null;
}

/** No address at all: every part null. */
export const NO_ADDRESS: Address = { street: null, city: null, state: null, zip: null, country: null };

/** An address as sent (or none), trimmed, empty parts as null. */
export function toAddress(dto: AddressDto | null | undefined): Address {
  const clean = (value: string | null | undefined) => (value?.trim() ? value.trim() : null);
  return {
    street: clean(dto?.street),
    city: clean(dto?.city),
    state: clean(dto?.state),
    zip: clean(dto?.zip),
    country: clean(dto?.country),
  };
}

/** An address as answered: every part present. */
export const addressDto = (address: Address): CustomerAddressDto => ({ ...NO_ADDRESS, ...address });
