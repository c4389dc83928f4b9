import { Injectable } from '@nestjs/common';
import { TransactionalConnection } from '@app/database';
import { LoginThrottle } from '../auth/login-throttle';
import { PORTAL_AUDIENCE, TokenPair, TokenService } from '../auth/token.service';
import { ContactPasswords } from '../contacts/contact-passwords.service';
import { ContactsService } from '../contacts/contacts.service';
import { PortalContacts } from '../contacts/portal-contacts.service';
import { CustomersService } from '../customers/customers.service';
import type { CustomerDto } from '../customers/dto/customer.dto';
import { ContactActor } from '../permissions/actor';
import { SessionsService } from '../sessions/sessions.service';
import { SettingsService } from '../settings/settings.service';
import type { PortalCompanyDto, PortalMeDto, UpdatePortalCompanyDto, UpdatePortalMeDto } from './dto/portal-me.dto';
import { companyEditNotAllowed, currentPasswordWrong, impersonationCannotChangePassword } from './portal.errors';

const SCOPE = 'portal-password';

const companyOf = (customer: CustomerDto): PortalCompanyDto => ({
  id: customer.id,
  company: customer.company,
  vat: customer.vat,
  phone: customer.phone,
  website: customer.website,
  address: customer.address,
  billingAddress: customer.billingAddress,
  shippingAddress: customer.shippingAddress,
  currency: customer.currency,
  language: customer.language,
  version: customer.version,
});

/**
 * A contact's own profile on the portal. The contact's data is changed by the contacts
 * module's rules and its company's by the customers module's, both under the contact's
 * scope (its own customer only), and recorded with the contact (or, in a login as client,
 * the administrator) as actor.
 */
@Injectable()
export class PortalProfiles {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly portalContacts: PortalContacts,
    private readonly passwords: ContactPasswords,
    private readonly contacts: ContactsService,
    private readonly customers: CustomersService,
    private readonly settings: SettingsService,
    private readonly sessions: SessionsService,
    private readonly tokens: TokenService,
    private readonly throttle: LoginThrottle,
  ) {}

  /** The contact (from the read of its request), its permissions and its company. */
  async me(actor: ContactActor): Promise<PortalMeDto> {
    const { contact } = await this.portalContacts.rowOf(actor);
    const company = await this.customers.get(actor, actor.customerId);
    return {
      id: contact.id,
      customerId: contact.customerId,
      firstName: contact.firstName,
      lastName: contact.lastName,
      email: contact.email,
      phone: contact.phone,
      title: contact.title,
      isPrimary: contact.isPrimary,
      permissions: [...actor.permissions],
      emailNotifications: contact.emailNotifications,
      lastLoginAt: contact.lastLoginAt?.toISOString() ?? null,
      company: companyOf(company),
      impersonated: actor.impersonated,
    };
  }

  /**
   * Its own name, phone and title, and its company's language, in one transaction. The
   * language is the company's (every contact of it is written to in it), so only the primary
   * contact changes it, or any contact while `contactsMayEditCompany` is on (403 otherwise).
   */
  async update(actor: ContactActor, dto: UpdatePortalMeDto): Promise<PortalMeDto> {
    const { language, ...own } = dto;
    if (language !== undefined && !actor.isPrimary) {
      const { contactsMayEditCompany } = await this.settings.current();
      if (!contactsMayEditCompany) throw companyEditNotAllowed();
    }
    await this.connection.transaction(async () => {
      if (Object.keys(own).length > 0) await this.contacts.update(actor, actor.id, own);
      if (language !== undefined) await this.customers.update(actor, actor.customerId, { language });
    });
    return this.me(await this.reloaded(actor));
  }

  /** The company's details, when the setting `contactsMayEditCompany` allows it (403 otherwise). */
  async updateCompany(actor: ContactActor, dto: UpdatePortalCompanyDto): Promise<PortalMeDto> {
    const { contactsMayEditCompany } = await this.settings.current();
    if (!contactsMayEditCompany) throw companyEditNotAllowed();
    await this.customers.update(actor, actor.customerId, dto);
    return this.me(await this.reloaded(actor));
  }

  /**
   * Changes the password with the current one (a wrong one is a 400, counted like a failed
   * sign-in per client address and email). Every session of the contact ends; the caller
   * gets a new pair for the session it continues in. Never in a login as client (403).
   */
  async changePassword(actor: ContactActor, ip: string, current: string, next: string): Promise<TokenPair> {
    if (actor.impersonated) throw impersonationCannotChangePassword();
    const attempt = await this.throttle.begin(SCOPE, ip, actor.email);
    let changed: boolean;
    try {
      changed = await this.passwords.changeOwn(actor, current, next);
    } catch (error) {
      await this.throttle.abandoned(attempt).catch(() => undefined);
      throw error;
    }
    if (!changed) throw currentPasswordWrong();
    await this.throttle.succeeded(attempt);
    const generation = await this.sessions.generationOf('contact', actor.id);
    return this.tokens.issue('contact', actor.id, PORTAL_AUDIENCE, generation);
  }

  /** The actor read again after its own change. */
  private async reloaded(actor: ContactActor): Promise<ContactActor> {
    return (await this.portalContacts.loadActor(actor.id, undefined, actor.impersonatedBy)) ?? actor;
  }
}
