import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import {
  ApiIfMatch,
  ApiUuidParam,
  ETAG_HEADER,
  Page,
  ProblemDetailsDto,
  UuidParam,
  SendsEtag,
  IfMatch,
} from '@app/common';
import { CurrentActor, StaffActor } from '../permissions/actor';
import { Authenticated } from '../permissions/authenticated.decorator';
import { QueuedEmailDto } from '../mail/dto/email.dto';
import { ContactsService } from './contacts.service';
import { ContactDto, ContactListQueryDto, ContactPageDto, CreateContactDto, UpdateContactDto } from './dto/contact.dto';

const ACCESS_NOTE =
  'Staff with `customers.view_own` only reach contacts of the customers they administer; any other answers 404.';

@ApiTags('customers')
@Controller()
export class ContactsController {
  constructor(private readonly contacts: ContactsService) {}

  @Get('customers/:id/contacts')
  @Authenticated(['customers.view', 'customers.view_own'])
  @ApiOperation({
    summary: "List a customer's contacts",
    description: `\`q\` matches the start of a first name, last name or email (every word must match); sort by firstName, lastName (the default), email or createdAt. ${ACCESS_NOTE}`,
  })
  @ApiUuidParam('id', 'Customer id')
  @ApiOkResponse({ type: ContactPageDto })
  list(
    @CurrentActor() actor: StaffActor,
    @UuidParam('id') id: string,
    @Query() query: ContactListQueryDto,
  ): Promise<Page<ContactDto>> {
    return this.contacts.list(actor, id, query);
  }

  @Post('customers/:id/contacts')
  @Authenticated(['customers.create', 'customers.edit'])
  @ApiOperation({
    summary: 'Add a contact',
    description: `The first contact of a customer becomes its primary contact; \`isPrimary: true\` moves the flag from the current one. Permissions default to the whole portal catalogue, email notifications to what the permissions allow. Under an inactive customer the contact starts inactive. ${ACCESS_NOTE}`,
  })
  @ApiUuidParam('id', 'Customer id')
  @ApiCreatedResponse({ type: ContactDto, headers: ETAG_HEADER })
  @ApiConflictResponse({
    type: ProblemDetailsDto,
    description:
      'CONTACT_EMAIL_TAKEN (emails are unique across all contacts, whatever the case), CUSTOMER_INACTIVE (active: true under an inactive customer) or CONTACT_INACTIVE (an inactive contact cannot be primary)',
  })
  @SendsEtag()
  create(
    @CurrentActor() actor: StaffActor,
    @UuidParam('id') id: string,
    @Body() dto: CreateContactDto,
  ): Promise<ContactDto> {
    return this.contacts.create(actor, id, dto);
  }

  @Get('contacts/:id')
  @Authenticated(['customers.view', 'customers.view_own'])
  @ApiOperation({
    summary: 'Get a contact',
    description: `The password is never answered, only \`passwordSet\`. ${ACCESS_NOTE}`,
  })
  @ApiUuidParam('id', 'Contact id')
  @ApiOkResponse({ type: ContactDto, headers: ETAG_HEADER })
  @SendsEtag()
  get(@CurrentActor() actor: StaffActor, @UuidParam('id') id: string): Promise<ContactDto> {
    return this.contacts.get(actor, id);
  }

  @Patch('contacts/:id')
  @Authenticated('customers.edit')
  @ApiOperation({
    summary: 'Update a contact',
    description: `Partial. The primary flag moves by making another contact primary; the primary flag cannot be unset, nor the primary contact of an active customer deactivated (409 PRIMARY_CONTACT_REQUIRED). Removing a permission switches off the emails that need it; granting one switches them on. \`password: null\` removes the password. ${ACCESS_NOTE}`,
  })
  @ApiUuidParam('id', 'Contact id')
  @ApiIfMatch()
  @ApiOkResponse({ type: ContactDto, headers: ETAG_HEADER })
  @ApiConflictResponse({
    type: ProblemDetailsDto,
    description: 'CONTACT_EMAIL_TAKEN, PRIMARY_CONTACT_REQUIRED, CUSTOMER_INACTIVE or CONTACT_INACTIVE',
  })
  @SendsEtag()
  update(
    @CurrentActor() actor: StaffActor,
    @UuidParam('id') id: string,
    @Body() dto: UpdateContactDto,
    @IfMatch() expectedVersion: number | undefined,
  ): Promise<ContactDto> {
    return this.contacts.update(actor, id, dto, expectedVersion);
  }

  @Post('contacts/:id/welcome-email')
  @HttpCode(202)
  @Authenticated('customers.edit')
  @ApiOperation({
    summary: 'Send a contact the welcome email again',
    description: `Queues the welcome email (in the customer's language, with the portal login address, or a one-time set-password link when the contact has no password) in the outbox; the outbox worker sends it. An inactive contact: 409 CONTACT_INACTIVE. ${ACCESS_NOTE}`,
  })
  @ApiUuidParam('id', 'Contact id')
  @ApiAcceptedResponse({ type: QueuedEmailDto })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'CONTACT_INACTIVE' })
  async resendWelcome(@CurrentActor() actor: StaffActor, @UuidParam('id') id: string): Promise<QueuedEmailDto> {
    return { id: await this.contacts.resendWelcome(actor, id), status: 'queued' };
  }

  @Post('contacts/:id/set-password-email')
  @HttpCode(202)
  @Authenticated('customers.edit')
  @ApiOperation({
    summary: 'Send a contact a link to set its portal password',
    description: `Queues the set-password email (in the customer's language) in the outbox. Its link works once and for 48 hours; it is made when the email is sent, and only its digest is kept. Using any link of the contact ends the others. An inactive contact: 409 CONTACT_INACTIVE. ${ACCESS_NOTE}`,
  })
  @ApiUuidParam('id', 'Contact id')
  @ApiAcceptedResponse({ type: QueuedEmailDto })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'CONTACT_INACTIVE' })
  async sendSetPasswordLink(@CurrentActor() actor: StaffActor, @UuidParam('id') id: string): Promise<QueuedEmailDto> {
    return { id: await this.contacts.sendSetPasswordLink(actor, id), status: 'queued' };
  }

  @Delete('contacts/:id')
  @HttpCode(204)
  @Authenticated('customers.delete')
  @ApiOperation({
    summary: 'Delete a contact',
    description: `Deleting the primary contact makes the oldest active other contact primary (under an inactive customer, the oldest other one); when other contacts remain but none is active, 409 PRIMARY_CONTACT_REQUIRED. The only contact may be deleted. ${ACCESS_NOTE}`,
  })
  @ApiUuidParam('id', 'Contact id')
  @ApiIfMatch()
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'PRIMARY_CONTACT_REQUIRED' })
  remove(
    @CurrentActor() actor: StaffActor,
    @UuidParam('id') id: string,
    @IfMatch() expectedVersion: number | undefined,
  ): Promise<void> {
    return this.contacts.remove(actor, id, expectedVersion);
  }
}
