import { Body, Controller, Get, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import {
  ApiBody,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ProblemDetailsDto, Public } from '@app/common';
import { CurrentActor, StaffActor } from '../permissions/actor';
import { Authenticated } from '../permissions/authenticated.decorator';
import { StaffDto } from '../staff/dto/staff.dto';
import { AuthService } from './auth.service';
import { LoginDto, LogoutDto, RefreshDto, TokenPairDto } from './dto/auth.dto';
import { LoginGuard } from './guards';
import type { SignedIn } from './local.strategy';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @HttpCode(200)
  @Public()
  @UseGuards(LoginGuard)
  @ApiOperation({
    summary: 'Sign in as a staff member',
    description: 'Failed attempts are limited per client address and per email; past the limit: 429 with Retry-After.',
  })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiUnauthorizedResponse({ type: ProblemDetailsDto, description: 'INVALID_CREDENTIALS, whatever the reason' })
  @ApiTooManyRequestsResponse({ type: ProblemDetailsDto, description: 'TOO_MANY_LOGIN_ATTEMPTS' })
  login(@Req() request: { user: SignedIn }, @Body() _credentials: LoginDto): Promise<TokenPairDto> {
    return this.auth.signIn(request.user);
  }

  @Post('refresh')
  @HttpCode(200)
  @Public()
  @ApiOperation({
    summary: 'Exchange a refresh token for a new pair',
    description: 'Each refresh token works once; presenting a used one again ends the whole session.',
  })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiUnauthorizedResponse({ type: ProblemDetailsDto, description: 'INVALID_REFRESH_TOKEN' })
  refresh(@Body() dto: RefreshDto): Promise<TokenPairDto> {
    return this.auth.refresh(dto.refreshToken);
  }

  @Post('logout')
  @HttpCode(204)
  @Authenticated()
  @ApiBody({ type: LogoutDto, required: false })
  @ApiOperation({
    summary: 'Sign out',
    description:
      'With a refresh token, ends that session; without, every session of the caller. Access tokens expire on their own within 15 minutes.',
  })
  @ApiNoContentResponse({ description: 'Signed out' })
  logout(@CurrentActor() actor: StaffActor, @Body() dto: LogoutDto): Promise<void> {
    return this.auth.logout(actor, dto.refreshToken);
  }

  @Get('me')
  @Authenticated()
  @ApiOperation({
    summary: 'The signed-in staff member',
    description: 'Their own Staff shape, with their current capabilities.',
  })
  @ApiOkResponse({ type: StaffDto })
  me(@CurrentActor() actor: StaffActor): Promise<StaffDto> {
    return this.auth.me(actor);
  }
}
