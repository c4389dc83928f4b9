import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiNoContentResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Public, ValidationProblemDto } from '@app/common';
import { ForgotPasswordDto, ResetPasswordDto } from './dto/reset-password.dto';
import { PortalPasswords } from './portal-passwords.service';

@ApiTags('portal')
@Controller('portal/auth')
export class PortalAuthController {
  constructor(private readonly passwords: PortalPasswords) {}

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
