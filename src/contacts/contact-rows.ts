import { caseKey, uuidv7 } from '@app/common';
import { isUniqueViolation } from '@app/database';
import { PORTAL_PERMISSIONS, PortalPermission } from '../permissions/portal-permissions';
import { Contact } from './contact.entity';
import { nameKey } from './contact-keys';
import { contactEmailTaken } from './contacts.errors';
import type { ContactsRepository } from './contacts.repository';
import type { PrimaryContactDto } from './dto/contact.dto';

const blank = (value: string | null | undefined) => (value?.trim() ? value.trim() : null);

/** Permissions from the catalogue, in its order; absent means all of them. */
export const granted = (permissions: readonly PortalPermission[] | undefined): PortalPermission[] =>
  PORTAL_PERMISSIONS.filter((p) => (permissions ?? PORTAL_PERMISSIONS).includes(p));

/** A contact's person fields as stored: trimmed, with the folded keys that lists search and sort on. */
export function personOf(dto: Pick<PrimaryContactDto, 'firstName' | 'lastName' | 'email' | 'phone' | 'title'>) {
  const firstName = dto.firstName.trim();
  const lastName = dto.lastName.trim();
  return {
    firstName,
    firstNameKey: nameKey(firstName),
    lastName,
    lastNameKey: nameKey(lastName),
    email: dto.email.trim(),
    emailKey: caseKey(dto.email),
    phone: blank(dto.phone),
    title: blank(dto.title),
  };
}

/** What a new contact's row takes besides its person fields. */
export type NewContactFields = Pick<
  Contact,
  'passwordHash' | 'isPrimary' | 'active' | 'permissions' | 'emailNotifications'
>;

/** A new contact's row: trimmed person fields, never signed in, at version 1. */
export function newContactRow(
  customerId: string,
  dto: Pick<PrimaryContactDto, 'firstName' | 'lastName' | 'email' | 'phone' | 'title'>,
  fields: NewContactFields,
  now: Date,
) {
  return {
    ...personOf(dto),
    id: uuidv7(),
    customerId,
    ...fields,
    lastLoginAt: null,
    sessionsValidAfter: null,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
}

/** Inserts a new contact; an email another contact has (whatever its case) is a 409 CONTACT_EMAIL_TAKEN. */
export async function insertContact(contacts: ContactsRepository, contact: Contact): Promise<void> {
  try {
    await contacts.insert(contact);
  } catch (error) {
    throw isUniqueViolation(error) ? contactEmailTaken() : error;
  }
}
