import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBody,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ProblemDetailsDto, Public, ValidationProblemDto } from '@app/common';
import { LoginDto, RefreshDto, TokenPairDto } from '../auth/dto/auth.dto';
import { ContactActor, CurrentActor } from '../permissions/actor';
import { PortalAuthenticated } from '../permissions/portal-authenticated.decorator';
import { PortalLogoutDto } from './dto/portal-sign-in.dto';
import { ForgotPasswordDto, ResetPasswordDto } from './dto/reset-password.dto';
import { PortalPasswords } from './portal-passwords.service';
import { PortalSignIn } from './portal-sign-in.service';

@ApiTags('portal')
@Controller('portal/auth')
export class PortalAuthController {
  constructor(
    private readonly passwords: PortalPasswords,
    private readonly signIn: PortalSignIn,
  ) {}

  @Post('login')
  @HttpCode(200)
  @Public()
  @ApiOperation({
    summary: 'Sign in as a contact',
    description:
      "For the portal: a pair of tokens of the portal's own audience (staff routes refuse them). An unknown email, a wrong password, no password set yet, an inactive contact or customer and a registration not yet confirmed all answer the same 401 with the same body. Failed attempts are limited per client address and per email, as for staff; past the limit: 429 with Retry-After.",
  })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiUnauthorizedResponse({ type: ProblemDetailsDto, description: 'INVALID_CREDENTIALS, whatever the reason' })
  @ApiTooManyRequestsResponse({ type: ProblemDetailsDto, description: 'TOO_MANY_LOGIN_ATTEMPTS' })
  login(@Req() request: FastifyRequest, @Body() dto: LoginDto): Promise<TokenPairDto> {
    return this.signIn.login(request.ip, dto.email, dto.password);
  }

  @Post('refresh')
  @HttpCode(200)
  @Public()
  @ApiOperation({
    summary: "Exchange a contact's refresh token for a new pair",
    description:
      "Each refresh token works once; presenting a used one again ends the whole session. A staff member's refresh token is refused here (and ends its session).",
  })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiUnauthorizedResponse({ type: ProblemDetailsDto, description: 'INVALID_REFRESH_TOKEN' })
  refresh(@Body() dto: RefreshDto): Promise<TokenPairDto> {
    return this.signIn.refresh(dto.refreshToken);
  }

  @Post('logout')
  @HttpCode(204)
  @PortalAuthenticated()
  @ApiBody({ type: PortalLogoutDto, required: false })
  @ApiOperation({
    summary: 'Sign a contact out',
    description:
      "With a refresh token, ends that session; with `all: true` or without a token, every session of the contact, and its access tokens stop working at once. A login as client has no session of the contact's to end.",
  })
  @ApiNoContentResponse({ description: 'Signed out' })
  logout(@CurrentActor() actor: ContactActor, @Body() dto: PortalLogoutDto): Promise<void> {
    return this.signIn.logout(actor, dto.refreshToken, dto.all === true);
  }

  @Post('forgot-password')
  @HttpCode(202)
  @Public()
  @ApiOperation({
    summary: 'Ask for a password-reset link',
    description:
      "The active contact (of an active customer) with this email, whatever its case, gets the forgot_password email with a one-time link valid for 1 hour, in its customer's language; the link ends the contact's older reset links. Requests are counted per address, known or not: beyond PASSWORD_RESET_MAX_PER_EMAIL (3) in PASSWORD_RESET_WINDOW_SECONDS (an hour) nothing more is sent. The answer is the same 202 for any address, and the same work is done for each, so it tells nobody which emails have an account.",
  })
  @ApiAcceptedResponse({ description: 'If the address belongs to a contact who may sign in, the link is on its way' })
  async forgot(@Body() dto: ForgotPasswordDto): Promise<void> {
    await this.passwords.forgot(dto.email);
  }

  @Post('reset-password')
  @HttpCode(204)
  @Public()
  @ApiOperation({
    summary: 'Set a portal password with a one-time link',
    description:
      "For the portal's set-password and reset-password pages: the token of the link the contact received, and the new password. A link works once (and using it ends the contact's other open links); a set-password link lives 48 hours, a reset link 1 hour. An unknown, used or expired link, one sent to an address the contact no longer has, or one of an inactive contact or customer, is the same 400 PASSWORD_LINK_INVALID. The contact is told by email that the password changed.",
  })
  @ApiNoContentResponse({ description: 'The password is set' })
  @ApiBadRequestResponse({
    type: ValidationProblemDto,
    description: 'VALIDATION_FAILED, or PASSWORD_LINK_INVALID: the link is unknown, used or expired',
  })
  reset(@Body() dto: ResetPasswordDto): Promise<void> {
    return this.passwords.reset(dto.token, dto.password);
  }
}
