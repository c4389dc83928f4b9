import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { caseKey, uuidv7 } from '@app/common';
import { isUniqueViolation } from '@app/database';
import { PasswordHasher } from '../auth/password-hasher';
import { contactEmailTaken } from '../customers/customers.errors';
import type { PrimaryContactDto } from '../customers/dto/customer.dto';
import { PORTAL_PERMISSIONS, PortalPermission, notificationsFor } from '../permissions/portal-permissions';
import { Contact } from './contact.entity';

@Injectable()
export class ContactsService {
  constructor(private readonly hasher: PasswordHasher) {}

  hashPassword(password: string): Promise<string> {
    return this.hasher.hash(password);
  }

  /** The primary contact of a new customer, inside the customer's transaction. */
  async createPrimary(
    manager: EntityManager,
    customerId: string,
    dto: PrimaryContactDto,
    permissions: readonly PortalPermission[] | undefined,
    passwordHash: string | null,
  ): Promise<Contact> {
    const granted = PORTAL_PERMISSIONS.filter((p) => (permissions ?? PORTAL_PERMISSIONS).includes(p));
    const now = new Date();
    const contact = manager.create(Contact, {
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
    if (await manager.existsBy(Contact, { emailKey: contact.emailKey })) throw contactEmailTaken();
    try {
      await manager.insert(Contact, contact);
    } catch (error) {
      throw isUniqueViolation(error) ? contactEmailTaken() : error;
    }
    return contact;
  }

  /** Names and emails of a customer's contacts, for its search terms. */
  searchableOf(manager: EntityManager, customerId: string) {
    return manager.find(Contact, { select: { firstName: true, lastName: true, email: true }, where: { customerId } });
  }
}
