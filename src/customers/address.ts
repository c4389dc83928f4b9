import type { Address } from './address.entity';
import type { AddressDto, CustomerAddressDto } from './dto/customer.dto';

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
