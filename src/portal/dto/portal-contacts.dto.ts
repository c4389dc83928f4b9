import { OmitType, PickType } from '@nestjs/swagger';
import { CreateContactDto, UpdateContactDto } from '../../contacts/dto/contact.dto';

/**
 * A contact the primary contact adds to its company: no password (the contact chooses its
 * own through a set-password link staff send) and never primary. Permissions default to the
 * primary contact's own; it cannot grant one it lacks.
 */
export class PortalCreateContactDto extends OmitType(CreateContactDto, ['password', 'isPrimary'] as const) {}

/** What the primary contact changes of another contact of its company: never the password or the primary flag. */
export class PortalUpdateContactDto extends PickType(UpdateContactDto, [
  'firstName',
  'lastName',
  'email',
  'phone',
  'title',
  'active',
  'permissions',
  'emailNotifications',
] as const) {}
