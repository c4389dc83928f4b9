import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiIfMatch, ApiUuidParam, IfMatch, ProblemDetailsDto, UuidParam } from '@app/common';
import { ContactDto, ContactListQueryDto, ContactPageDto } from '../contacts/dto/contact.dto';
import { ContactActor, CurrentActor } from '../permissions/actor';
import { PortalAuthenticated } from '../permissions/portal-authenticated.decorator';
import { PortalCreateContactDto, PortalUpdateContactDto } from './dto/portal-contacts.dto';
import { PortalContactsManagement } from './portal-contacts.service';

const WHO =
  "Only the primary contact, while the setting `primaryContactManagesContacts` is on (403 for every other contact); the contacts of its own company only (another company's contact is a 404).";

@ApiTags('portal')
@Controller('portal/contacts')
export class PortalContactsController {
  constructor(private readonly management: PortalContactsManagement) {}

  @Get()
  @PortalAuthenticated()
  @ApiOperation({
    summary: 'The contacts of your company',
    description: `The same list, filters and sort as staff have. ${WHO}`,
  })
  @ApiOkResponse({ type: ContactPageDto })
  list(@CurrentActor() actor: ContactActor, @Query() query: ContactListQueryDto): Promise<ContactPageDto> {
    return this.management.list(actor, query);
  }

  @Post()
  @PortalAuthenticated()
  @ApiOperation({
    summary: 'Add a contact to your company',
    description: `Under the same rules as staff adding one. Never primary and without a password; its permissions default to yours, and granting one you lack is a 403 PERMISSION_ESCALATION. ${WHO}`,
  })
  @ApiCreatedResponse({ type: ContactDto })
  @ApiForbiddenResponse({ type: ProblemDetailsDto, description: 'FORBIDDEN or PERMISSION_ESCALATION' })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'CONTACT_EMAIL_TAKEN' })
  create(@CurrentActor() actor: ContactActor, @Body() dto: PortalCreateContactDto): Promise<ContactDto> {
    return this.management.create(actor, dto);
  }

  @Patch(':id')
  @PortalAuthenticated()
  @ApiOperation({
    summary: 'Change or deactivate another contact of your company',
    description: `Names, email, phone, title, permissions, email notifications and \`active\`, under the same rules as staff changing them; never yourself (403), never a permission you lack (403 PERMISSION_ESCALATION). Deactivating a contact ends its sessions. ${WHO}`,
  })
  @ApiUuidParam('id', 'Contact id')
  @ApiIfMatch()
  @ApiOkResponse({ type: ContactDto })
  @ApiForbiddenResponse({ type: ProblemDetailsDto, description: 'FORBIDDEN or PERMISSION_ESCALATION' })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'CONTACT_EMAIL_TAKEN or PRIMARY_CONTACT_REQUIRED' })
  update(
    @CurrentActor() actor: ContactActor,
    @UuidParam('id') id: string,
    @Body() dto: PortalUpdateContactDto,
    @IfMatch() expectedVersion: number | undefined,
  ): Promise<ContactDto> {
    return this.management.update(actor, id, dto, expectedVersion);
  }
}
