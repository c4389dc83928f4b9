import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ApiUuidParam, ProblemDetailsDto, Public, UuidParam } from '@app/common';
import { CustomerRegistrations } from '../customers/customer-registrations.service';
import { CustomerDto } from '../customers/dto/customer.dto';
import { CurrentActor, StaffActor } from '../permissions/actor';
import { Authenticated } from '../permissions/authenticated.decorator';
import { RegisterDto, RegistrationReceivedDto } from './dto/registration.dto';
import { PortalRegistrations } from './portal-registrations.service';

@ApiTags('portal')
@Controller('portal/auth')
export class PortalRegistrationController {
  constructor(private readonly registrations: PortalRegistrations) {}

  @Post('register')
  @HttpCode(202)
  @Public()
  @ApiOperation({
    summary: 'Register a company and its primary contact',
    description:
      'Only while the setting `allowRegistration` is on (404 otherwise). The answer is the same 202 and body whatever happens: a filled `honeypot` is silently discarded, and an email that already belongs to a contact creates nothing (that contact is told by email, with a password-reset link). The contact gets the `defaultContactPermissions`. With `registrationRequiresApproval` the customer and contact stay inactive until staff confirm them (`POST customers/{id}/confirm-registration`), and staff holding customers.edit get `registration_received`; otherwise the contact gets its welcome email at once and may sign in. Counted per client address: beyond REGISTRATION_MAX_PER_IP within REGISTRATION_WINDOW_SECONDS, 429 with Retry-After.',
  })
  @ApiAcceptedResponse({ type: RegistrationReceivedDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'Registration is switched off' })
  @ApiTooManyRequestsResponse({ type: ProblemDetailsDto, description: 'TOO_MANY_REGISTRATIONS' })
  async register(@Req() request: FastifyRequest, @Body() dto: RegisterDto): Promise<RegistrationReceivedDto> {
    await this.registrations.register(request.ip, dto);
    return { status: 'received' };
  }
}

@ApiTags('customers')
@Controller('customers')
export class RegistrationConfirmationController {
  constructor(private readonly registrations: CustomerRegistrations) {}

  @Post(':id/confirm-registration')
  @HttpCode(200)
  @Authenticated('customers.edit')
  @ApiOperation({
    summary: 'Confirm a registration made through the portal',
    description:
      'A customer registered while `registrationRequiresApproval` was on becomes active with its primary contact, which gets the `registration_confirmed` email and may sign in. Anything but a registration waiting for confirmation is a 409 REGISTRATION_NOT_PENDING; a customer the caller cannot see, 404.',
  })
  @ApiUuidParam('id', 'Customer id')
  @ApiOkResponse({ type: CustomerDto })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'REGISTRATION_NOT_PENDING' })
  confirm(@CurrentActor() actor: StaffActor, @UuidParam('id') id: string): Promise<CustomerDto> {
    return this.registrations.confirm(actor, id);
  }
}
