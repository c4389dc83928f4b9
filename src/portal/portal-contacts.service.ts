import { Injectable } from '@nestjs/common';
import { DomainError, Page } from '@app/common';
import { ContactsService } from '../contacts/contacts.service';
import type { ContactDto, ContactListQueryDto } from '../contacts/dto/contact.dto';
import { forbidden } from '../auth/auth.errors';
import { ContactActor } from '../permissions/actor';
import type { PortalPermission } from '../permissions/portal-permissions';
import { SettingsService } from '../settings/settings.service';
import type { PortalCreateContactDto, PortalUpdateContactDto } from './dto/portal-contacts.dto';

/** 403 of a grant: the portal permissions the primary contact does not hold itself. */
const permissionEscalation = (permissions: string[]) =>
  new DomainError(403, 'PERMISSION_ESCALATION', { permissions: permissions.join(', ') }, { permissions });

/**
 * The primary contact managing the other contacts of its company, while the setting
 * `primaryContactManagesContacts` is on (403 for everyone else): through the contacts
 * module's own rules, under the contact's scope (its company only; another company's
 * contact is a 404). Never itself (403), never a permission it lacks (403
 * PERMISSION_ESCALATION), never a password or the primary flag.
 */
@Injectable()
export class PortalContactsManagement {
  constructor(
    private readonly contacts: ContactsService,
    private readonly settings: SettingsService,
  ) {}

  async list(actor: ContactActor, query: ContactListQueryDto): Promise<Page<ContactDto>> {
    await this.assertManager(actor);
    return this.contacts.list(actor, actor.customerId, query);
  }

  async create(actor: ContactActor, dto: PortalCreateContactDto): Promise<ContactDto> {
    await this.assertManager(actor);
    const permissions = dto.permissions ?? [...actor.permissions];
    assertMayGrant(actor, permissions, []);
    return this.contacts.create(actor, actor.customerId, { ...dto, permissions, isPrimary: false });
  }

  async update(
    actor: ContactActor,
    id: string,
    dto: PortalUpdateContactDto,
    expectedVersion?: number,
  ): Promise<ContactDto> {
    await this.assertManager(actor);
    if (id === actor.id) throw forbidden();
    if (dto.permissions !== undefined) {
      const current = await this.contacts.get(actor, id);
      assertMayGrant(actor, dto.permissions, current.permissions);
    }
    return this.contacts.update(actor, id, dto, expectedVersion);
  }

  private async assertManager(actor: ContactActor): Promise<void> {
    if (!actor.isPrimary || !(await this.settings.current()).primaryContactManagesContacts) throw forbidden();
  }
}

/** A contact keeps what it has; what it gains must be the manager's own. */
function assertMayGrant(
  actor: ContactActor,
  next: readonly PortalPermission[],
  current: readonly PortalPermission[],
): void {
  const gained = next.filter((p) => !current.includes(p) && !actor.may(p));
  if (gained.length > 0) throw permissionEscalation([...new Set(gained)]);
}
