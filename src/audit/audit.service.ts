import { Injectable } from '@nestjs/common';
import { mapPage, Page, PageQueryDto, uuidv7 } from '@app/common';
import type { Actor } from '../permissions/actor';
import { AuditEvent, FieldChange } from './audit-event.entity';
import { AuditRepository } from './audit.repository';
import { diff } from './diff';

/**
 * The most characters of one text value the trail keeps (its start, then "…"): a record
 * stays small whatever the field holds, and always fits its column.
 */
export const AUDIT_TEXT_MAX = 1000;

const clip = (value: unknown): unknown => {
  if (typeof value !== 'string') return value;
  const characters = [...value];
  return characters.length > AUDIT_TEXT_MAX ? `${characters.slice(0, AUDIT_TEXT_MAX).join('')}…` : value;
};

/** Fields never written to the trail: secrets, and what moves on its own. */
const NEVER_RECORDED = ['passwordHash', 'version', 'updatedAt', 'transactionCount'];

export interface AuditEntry {
  customerId: string | null;
  entityType: string;
  entityId: string;
  action: 'create' | 'update' | 'delete' | 'assign' | 'unassign' | 'login_as_client' | 'send';
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

export interface AuditEventDto {
  id: string;
  entityType: string;
  entityId: string;
  action: string;
  /** `onBehalfOf`: the contact an administrator acted for while logged in as that client. */
  actor: { type: string; id: string | null; onBehalfOf?: string };
  changes: FieldChange[];
  createdAt: string;
}

const toEventDto = (e: AuditEvent): AuditEventDto => ({
  id: e.id,
  entityType: e.entityType,
  entityId: e.entityId,
  action: e.action,
  actor: { type: e.actorType, id: e.actorId, ...(e.onBehalfOf ? { onBehalfOf: e.onBehalfOf } : {}) },
  changes: e.changes,
  createdAt: e.createdAt.toISOString(),
});

/** Who a record names as actor: the kind, the id, and the contact an administrator acted for. */
function recordedActor(
  actor: Actor | { contactId: string } | null,
): Pick<AuditEvent, 'actorType' | 'actorId' | 'onBehalfOf'> {
  if (!actor) return { actorType: 'system', actorId: null, onBehalfOf: null };
  if (!('kind' in actor)) return { actorType: 'contact', actorId: actor.contactId, onBehalfOf: null };
  if (actor.kind === 'staff') return { actorType: 'staff', actorId: actor.id, onBehalfOf: null };
  return actor.impersonatedBy
    ? { actorType: 'staff', actorId: actor.impersonatedBy, onBehalfOf: actor.id }
    : { actorType: 'contact', actorId: actor.id, onBehalfOf: null };
}

/**
 * The audit trail. Services record inside their own transaction (the record joins it), so
 * a change and its record commit or roll back together. Updates that change nothing leave
 * no trace.
 */
@Injectable()
export class AuditService {
  constructor(private readonly events: AuditRepository) {}

  /**
   * Records changes made by a staff member, a contact (an actor or `{ contactId }`, from the
   * portal) or the system (null). A contact's session opened by an administrator (login as
   * client) records the administrator as actor, on behalf of the contact.
   */
  async record(actor: Actor | { contactId: string } | null, entries: AuditEntry[]): Promise<void> {
    const now = new Date();
    const by = recordedActor(actor);
    const rows = entries
      .map((entry) => ({
        entry,
        changes: diff(entry.before ?? null, entry.after ?? null, NEVER_RECORDED).map((change) => ({
          ...change,
          before: clip(change.before),
          after: clip(change.after),
        })),
      }))
      .filter(({ entry, changes }) => changes.length > 0 || entry.action !== 'update')
      .map(({ entry, changes }) =>
        Object.assign(new AuditEvent(), {
          id: uuidv7(),
          customerId: entry.customerId,
          entityType: entry.entityType,
          entityId: entry.entityId,
          action: entry.action,
          ...by,
          changes,
          createdAt: now,
        }),
      );
    await this.events.insert(rows);
  }

  /** A customer's trail, newest first (ids are time-ordered). */
  async forCustomer(customerId: string, query: PageQueryDto): Promise<Page<AuditEventDto>> {
    return mapPage(await this.events.pageForCustomer(customerId, query), toEventDto);
  }

  /** The trail of one record that belongs to no customer (the settings, say), newest first. */
  async forEntity(entityType: string, entityId: string, query: PageQueryDto): Promise<Page<AuditEventDto>> {
    return mapPage(await this.events.pageForEntity(entityType, entityId, query), toEventDto);
  }
}
