import { Injectable } from '@nestjs/common';
import { DomainError, mapPage, NotFoundError, Page, uuidv7 } from '@app/common';
import { TransactionalConnection } from '@app/database';
import { AuditService } from '../audit/audit.service';
import { CustomerAccess } from '../access/customer-access.service';
import { StaffActor } from '../permissions/actor';
import { CustomerNote } from './customer-note.entity';
import { CreateNoteDto, NoteDto, NoteListQueryDto, UpdateNoteDto } from './dto/note.dto';
import { NotesRepository } from './notes.repository';

const toNoteDto = (note: CustomerNote): NoteDto => ({
  id: note.id,
  customerId: note.customerId,
  text: note.text,
  contactedAt: note.contactedAt?.toISOString() ?? null,
  authorId: note.authorId,
  createdAt: note.createdAt.toISOString(),
  updatedAt: note.updatedAt.toISOString(),
});

const audited = (note: CustomerNote) => ({ text: note.text, contactedAt: note.contactedAt, authorId: note.authorId });

/** Staff notes on a customer, under the customer access rule, every change in the audit trail. */
@Injectable()
export class NotesService {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly notes: NotesRepository,
    private readonly access: CustomerAccess,
    private readonly audit: AuditService,
  ) {}

  async list(actor: StaffActor, customerId: string, query: NoteListQueryDto): Promise<Page<NoteDto>> {
    await this.access.assertVisible(actor, customerId);
    return mapPage(await this.notes.listPage(customerId, query), toNoteDto);
  }

  async create(actor: StaffActor, customerId: string, dto: CreateNoteDto): Promise<NoteDto> {
    return this.connection.transaction(async () => {
      await this.access.assertVisible(actor, customerId);
      const now = new Date();
      const note: CustomerNote = {
        id: uuidv7(),
        customerId,
        text: dto.text,
        contactedAt: dto.contactedAt ? new Date(dto.contactedAt) : null,
        authorId: actor.id,
        createdAt: now,
        updatedAt: now,
      };
      await this.notes.insert(note);
      await this.audit.record(actor, [
        { customerId, entityType: 'note', entityId: note.id, action: 'create', after: audited(note) },
      ]);
      return toNoteDto(note);
    });
  }

  async update(actor: StaffActor, customerId: string, noteId: string, dto: UpdateNoteDto): Promise<NoteDto> {
    return this.connection.transaction(async () => {
      const note = await this.findEditable(actor, customerId, noteId);
      const before = audited(note);
      if (dto.text !== undefined) note.text = dto.text;
      if (dto.contactedAt !== undefined) note.contactedAt = dto.contactedAt ? new Date(dto.contactedAt) : null;
      note.updatedAt = new Date();
      await this.notes.update(noteId, { text: note.text, contactedAt: note.contactedAt, updatedAt: note.updatedAt });
      await this.audit.record(actor, [
        { customerId, entityType: 'note', entityId: noteId, action: 'update', before, after: audited(note) },
      ]);
      return toNoteDto(note);
    });
  }

  async remove(actor: StaffActor, customerId: string, noteId: string): Promise<void> {
    await this.connection.transaction(async () => {
      const note = await this.findEditable(actor, customerId, noteId);
      await this.notes.delete(noteId);
      await this.audit.record(actor, [
        { customerId, entityType: 'note', entityId: noteId, action: 'delete', before: audited(note) },
      ]);
    });
  }

  /** A note of a visible customer, changed only by its author or staff with customers.edit. */
  private async findEditable(actor: StaffActor, customerId: string, noteId: string) {
    await this.access.assertVisible(actor, customerId);
    const note = await this.notes.findOfCustomer(noteId, customerId);
    if (!note) throw new NotFoundError('note');
    if (note.authorId !== actor.id && !actor.can('customers.edit')) throw new DomainError(403, 'NOTE_NOT_YOURS');
    return note;
  }
}
