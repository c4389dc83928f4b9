import { addressDto } from '@app/common';
import { Customer } from './customer.entity';
import type { CustomerDto } from './dto/customer.dto';

/** A customer as the API answers it, with the ids of its groups. */
export function toCustomerDto(customer: Customer, groupIds: string[]): CustomerDto {
  return {
    id: customer.id,
    company: customer.company,
    vat: customer.vat,
    phone: customer.phone,
    website: customer.website,
    address: addressDto(customer.address),
    billingAddress: addressDto(customer.billing),
    shippingAddress: customer.hasShippingAddress ? addressDto(customer.shipping) : null,
    currency: customer.currency,
    language: customer.language,
    groupIds,
    active: customer.active,
    version: customer.version,
    transactionCount: customer.transactionCount,
    createdAt: customer.createdAt.toISOString(),
    createdBy: customer.createdBy,
    updatedAt: customer.updatedAt.toISOString(),
  };
}
