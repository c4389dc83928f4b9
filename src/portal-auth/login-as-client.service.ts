import { Injectable } from '@nestjs/common';
import { DomainError } from '@app/common';
import { TransactionalConnection } from '@app/database';
import { CustomerAccess } from '../access/customer-access.service';
import { AuditService } from '../audit/audit.service';
import { ACCESS_TOKEN_TTL_SECONDS, TokenService } from '../auth/token.service';
import { PortalContacts } from '../contacts/portal-contacts.service';
import { StaffActor } from '../permissions/actor';
import type { ClientSessionDto } from './dto/portal-sign-in.dto';

export const noActivePrimaryContact = () => new DomainError(409, 'NO_ACTIVE_PRIMARY_CONTACT');

/**
 * An administrator opening the portal as a customer's primary contact, for support: a
 * portal access token marked as impersonated, with no refresh token (it ends within 15
 * minutes). Starting it is recorded in the customer's activity; what it changes is recorded
 * with the administrator as actor on behalf of the contact, and it cannot change the password.
 */
@Injectable()
export class LoginAsClient {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly access: CustomerAccess,
    private readonly contacts: PortalContacts,
    private readonly audit: AuditService,
    private readonly tokens: TokenService,
  ) {}

  async start(actor: StaffActor, customerId: string): Promise<ClientSessionDto> {
    const contactId = await this.connection.transaction(async () => {
      await this.access.findVisible(actor, customerId);
      const primary = await this.contacts.activePrimaryOf(customerId);
      if (!primary) throw noActivePrimaryContact();
      await this.audit.record(actor, [
        { customerId, entityType: 'contact', entityId: primary, action: 'login_as_client' },
      ]);
      return primary;
    });
    return {
      accessToken: await this.tokens.impersonation(contactId, actor.id),
      expiresIn: ACCESS_TOKEN_TTL_SECONDS,
      tokenType: 'Bearer',
      contactId,
      impersonated: true,
    };
  }
}
