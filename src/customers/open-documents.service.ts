import { Injectable } from '@nestjs/common';
import { CreditNotesService } from '../credit-notes/credit-notes.service';
import type { FollowsCustomerAddresses } from '../documents/document-lifecycle';
import { EstimatesService } from '../estimates/estimates.service';
import { InvoicesService } from '../invoices/invoices.service';
import type { Customer } from './customer.entity';

/**
 * A customer's open documents (invoices, estimates, credit notes) taking its new addresses
 * when its editor asks (`applyToOpenDocuments`). The customers module sits above the
 * document modules and calls them; they know nothing of it.
 */
@Injectable()
export class OpenDocuments {
  private readonly kinds: readonly FollowsCustomerAddresses[];

  constructor(invoices: InvoicesService, estimates: EstimatesService, creditNotes: CreditNotesService) {
    this.kinds = [invoices, estimates, creditNotes];
  }

  /** Gives the customer's open documents its current addresses, in the caller's transaction; answers how many changed. */
  async readdress(customer: Customer): Promise<number> {
    const addresses = {
      billingAddress: { ...customer.billing },
      shippingAddress: customer.hasShippingAddress ? { ...customer.shipping } : null,
    };
    let changed = 0;
    for (const kind of this.kinds) changed += await kind.readdressOpen(customer.id, addresses);
    return changed;
  }
}
