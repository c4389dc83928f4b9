import { Injectable } from '@nestjs/common';
import { caseKey, uuidv7 } from '@app/common';
import { TransactionalConnection, isUniqueViolation } from '@app/database';
import { PasswordHasher } from '../passwords/password-hasher';
import { PORTAL_PERMISSIONS, PortalPermission } from '../permissions/portal-permissions';
import { Contact } from './contact.entity';
import { contactEmailTaken } from './contacts.errors';
import type { PrimaryContactDto } from './dto/contact.dto';
import { notificationsFor } from './email-notifications';

/** Contacts of customers. Calls inside a transaction join it (the customer's create, say). */
@Injectable()
export class ContactsService {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly hasher: PasswordHasher,
  ) {}

  private get contacts() {
    return this.connection.getRepository(Contact);
  }

  hashPassword(password: string): Promise<string> {
    return this.hasher.hash(password);
  }

  /** The primary contact of a new customer; its email is unique across all contacts, whatever the case. */
  async createPrimary(
    customerId: string,
    dto: PrimaryContactDto,
    permissions: readonly PortalPermission[] | undefined,
    passwordHash: string | null,
  ): Promise<Contact> {
    const granted = PORTAL_PERMISSIONS.filter((p) => (permissions ?? PORTAL_PERMISSIONS).includes(p));
    const now = new Date();
    const contact = this.contacts.create({
      id: uuidv7(),
      customerId,
      firstName: dto.firstName.trim(),
      lastName: dto.lastName.trim(),
      email: dto.email.trim(),
      emailKey: caseKey(dto.email),
      phone: dto.phone?.trim() || null,
      title: dto.title?.trim() || null,
      passwordHash,
      isPrimary: true,
      active: true,
      permissions: granted,
      emailNotifications: notificationsFor(granted),
      lastLoginAt: null,
      version: 1,
      createdAt: now,
      updatedAt: now,
    });
    try {
      await this.contacts.insert(contact);
    } catch (error) {
      throw isUniqueViolation(error) ? contactEmailTaken() : error;
    }
    return contact;
  }

  /** The customer whose contact has this email (case-insensitively), if any. */
  async customerIdOfEmail(email: string): Promise<string | null> {
    const contact = await this.contacts.findOne({ select: { customerId: true }, where: { emailKey: caseKey(email) } });
    return contact?.customerId ?? null;
  }

  /** Names and emails of a customer's contacts, for its search terms. */
  searchableOf(customerId: string) {
    return this.contacts.find({ select: { firstName: true, lastName: true, email: true }, where: { customerId } });
  }
}
