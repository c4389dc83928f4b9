import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiUuidParam, Page, UuidParam } from '@app/common';
import { CurrentActor, StaffActor } from '../permissions/actor';
import { Authenticated } from '../permissions/authenticated.decorator';
import { CreateNoteDto, NoteDto, NoteListQueryDto, NotePageDto, UpdateNoteDto } from './dto/note.dto';
import { NotesService } from './notes.service';

@ApiTags('customers')
@Controller('customers/:id/notes')
export class NotesController {
  constructor(private readonly notes: NotesService) {}

  @Get()
  @Authenticated(['customers.view', 'customers.view_own'])
  @ApiOperation({ summary: "List a customer's notes", description: 'Newest first.' })
  @ApiUuidParam('id', 'Customer id')
  @ApiOkResponse({ type: NotePageDto })
  list(
    @CurrentActor() actor: StaffActor,
    @UuidParam('id') id: string,
    @Query() query: NoteListQueryDto,
  ): Promise<Page<NoteDto>> {
    return this.notes.list(actor, id, query);
  }

  @Post()
  @Authenticated(['customers.view', 'customers.view_own'])
  @ApiOperation({
    summary: 'Add a note',
    description: 'Any staff member who sees the customer may add notes; they are its author.',
  })
  @ApiUuidParam('id', 'Customer id')
  @ApiCreatedResponse({ type: NoteDto })
  create(@CurrentActor() actor: StaffActor, @UuidParam('id') id: string, @Body() dto: CreateNoteDto): Promise<NoteDto> {
    return this.notes.create(actor, id, dto);
  }

  @Patch(':noteId')
  @Authenticated(['customers.view', 'customers.view_own'])
  @ApiOperation({ summary: 'Edit a note', description: 'Its author, or staff with customers.edit.' })
  @ApiUuidParam('id', 'Customer id')
  @ApiUuidParam('noteId', 'Note id')
  @ApiOkResponse({ type: NoteDto })
  update(
    @CurrentActor() actor: StaffActor,
    @UuidParam('id') id: string,
    @UuidParam('noteId') noteId: string,
    @Body() dto: UpdateNoteDto,
  ): Promise<NoteDto> {
    return this.notes.update(actor, id, noteId, dto);
  }

  @Delete(':noteId')
  @HttpCode(204)
  @Authenticated(['customers.view', 'customers.view_own'])
  @ApiOperation({ summary: 'Delete a note', description: 'Its author, or staff with customers.edit.' })
  @ApiUuidParam('id', 'Customer id')
  @ApiUuidParam('noteId', 'Note id')
  @ApiNoContentResponse({ description: 'Deleted' })
  remove(
    @CurrentActor() actor: StaffActor,
    @UuidParam('id') id: string,
    @UuidParam('noteId') noteId: string,
  ): Promise<void> {
    return this.notes.remove(actor, id, noteId);
  }
}
