import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiUuidParam, ProblemDetailsDto, UuidParam } from '@app/common';
import { CurrentActor, StaffActor } from '../permissions/actor';
import { Authenticated } from '../permissions/authenticated.decorator';
import { ClientSessionDto } from './dto/portal-sign-in.dto';
import { LoginAsClient } from './login-as-client.service';

@ApiTags('portal')
@Controller('customers')
export class LoginAsClientController {
  constructor(private readonly loginAsClient: LoginAsClient) {}

  @Post(':id/login-as-client')
  @HttpCode(200)
  @Authenticated({ adminOnly: true })
  @ApiOperation({
    summary: "Open the portal as the customer's primary contact",
    description:
      "Administrators only, for support. Answers a portal access token for the customer's primary contact, marked as impersonated (`portal/me` says so): it lasts at most 15 minutes and has no refresh token, cannot change the password (403), and ends when the administrator's own sessions end or they stop being an administrator. Starting it is recorded in the customer's activity, and everything changed with it is recorded with the administrator as actor, on behalf of the contact. A customer without an active primary contact, or inactive itself, is a 409 NO_ACTIVE_PRIMARY_CONTACT.",
  })
  @ApiUuidParam('id', 'Customer id')
  @ApiOkResponse({ type: ClientSessionDto })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'NO_ACTIVE_PRIMARY_CONTACT' })
  start(@CurrentActor() actor: StaffActor, @UuidParam('id') id: string): Promise<ClientSessionDto> {
    return this.loginAsClient.start(actor, id);
  }
}
