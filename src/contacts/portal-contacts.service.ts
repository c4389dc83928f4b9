import { Injectable } from '@nestjs/common';
import { caseKey } from '@app/common';
import { TransactionalConnection } from '@app/database';
import { PasswordHasher } from '../passwords/password-hasher';
import { ContactActor } from '../permissions/actor';
import { SessionsService } from '../sessions/sessions.service';
import { issuedWithinSessions } from '../sessions/sessions-valid-after';
import type { Contact } from './contact.entity';
import { granted } from './contact-rows';
import { ContactsRepository, PortalContactRow } from './contacts.repository';

/**
 * Contacts as people who sign into the portal: the actor loaded for each portal request,
 * the checks of a sign-in and the sessions a contact ends. The contacts' other rules stay
 * in `ContactsService`, their passwords in `ContactPasswords`.
 */
@Injectable()
export class PortalContacts {
  /** The row behind each loaded actor, so `portal/me` answers without reading it again. */
  private readonly loaded = new WeakMap<ContactActor, PortalContactRow>();

  constructor(
    private readonly connection: TransactionalConnection,
    private readonly repository: ContactsRepository,
    private readonly sessions: SessionsService,
    private readonly hasher: PasswordHasher,
  ) {}

  /**
   * The acting contact, read fresh for every portal request by primary key with its
   * customer (one statement); undefined unless the contact and its customer are active and
   * the access token was issued (`issuedAt`, ms) after the contact's sessions last ended.
   */
  async loadActor(
    id: string,
    issuedAt?: number,
    impersonatedBy: string | null = null,
  ): Promise<ContactActor | undefined> {
    const row = await this.repository.portalContact({ id });
    if (!row || !mayUsePortal(row)) return undefined;
    if (!issuedWithinSessions(issuedAt, row.contact.sessionsValidAfter)) return undefined;
    const { contact, customer } = row;
    const actor = new ContactActor(
      contact.id,
      contact.customerId,
      contact.email,
      contact.isPrimary,
      new Set(granted(contact.permissions)),
      customer.language,
      impersonatedBy,
    );
    this.loaded.set(actor, row);
    return actor;
  }

  /** The actor's own row and its customer's name and language, from the read of its request. */
  async rowOf(actor: ContactActor): Promise<PortalContactRow> {
    const row = this.loaded.get(actor) ?? (await this.repository.portalContact({ id: actor.id }));
    if (!row) throw new Error(`contact ${actor.id} vanished during its request`);
    return row;
  }

  /**
   * The contact these credentials name, when they open the portal: the contact and its
   * customer active, a password set and this one; null for every other case, after the same
   * work (one read, one hash check) either way.
   */
  async check(email: string, password: string, candidate: Contact | null): Promise<Contact | null> {
    const row = await this.repository.portalContact({ emailKey: caseKey(email) });
    const contact = row && candidate && row.contact.id === candidate.id ? row.contact : null;
    const valid = contact?.passwordHash
      ? await this.hasher.verify(contact.passwordHash, password)
      : await this.hasher.verifyNothing(password);
    return contact && row && valid && mayUsePortal(row) ? contact : null;
  }

  /** The contact with this email, whatever its state, for the first read of a sign-in. */
  async byEmail(email: string): Promise<Contact | null> {
    return (await this.repository.portalContact({ emailKey: caseKey(email) }))?.contact ?? null;
  }

  /** The id of the customer's primary contact while it and the customer are active (who an administrator logs in as), or null. */
  async activePrimaryOf(customerId: string): Promise<string | null> {
    return (await this.repository.activePrimaryOf(customerId))?.contact.id ?? null;
  }

  /** Records a sign-in (and a password hash made with today's parameters). */
  async recordLogin(contact: Contact, password: string): Promise<void> {
    const rehash =
      contact.passwordHash && this.hasher.needsRehash(contact.passwordHash)
        ? await this.hasher.hash(password)
        : undefined;
    await this.connection.transaction(() => this.repository.recordLogin(contact.id, new Date(), rehash));
  }

  /** Signs a contact out everywhere: its refresh sessions and every access token issued until now. */
  async endSessions(contactIds: readonly string[]): Promise<void> {
    await this.connection.transaction(async () => {
      for (const id of contactIds) await this.sessions.revokeAll('contact', id);
      await this.repository.markSessionsEnded(contactIds, new Date());
    });
  }
}

/** Whether a contact may use the portal now: it and its customer active, and a registration through the portal confirmed. */
function mayUsePortal({ contact, customer }: PortalContactRow): boolean {
  return contact.active && customer.active && customer.registration !== 'pending';
}
