import { Body, Controller, Get, HttpCode, Patch, Post, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ProblemDetailsDto, ValidationProblemDto } from '@app/common';
import { TokenPairDto } from '../auth/dto/auth.dto';
import { ContactActor, CurrentActor } from '../permissions/actor';
import { PortalAuthenticated } from '../permissions/portal-authenticated.decorator';
import { ChangePortalPasswordDto, PortalMeDto, UpdatePortalCompanyDto, UpdatePortalMeDto } from './dto/portal-me.dto';
import { PortalProfiles } from './portal-profiles.service';

@ApiTags('portal')
@Controller('portal/me')
export class PortalMeController {
  constructor(private readonly profiles: PortalProfiles) {}

  @Get()
  @PortalAuthenticated()
  @ApiOperation({
    summary: 'The signed-in contact',
    description:
      'The contact, its portal permissions and its company, and whether this session is a login as client (`impersonated`).',
  })
  @ApiOkResponse({ type: PortalMeDto })
  me(@CurrentActor() actor: ContactActor): Promise<PortalMeDto> {
    return this.profiles.me(actor);
  }

  @Patch()
  @PortalAuthenticated()
  @ApiOperation({
    summary: 'Change your own details',
    description:
      "Name, phone and title, and `language`: the language of your company's emails and answers (shared by its contacts), which the primary contact changes, and the others only while the setting `contactsMayEditCompany` is on (403 COMPANY_EDIT_NOT_ALLOWED otherwise). Email, permissions, primary and active flags are not yours to change: sending them is a 400.",
  })
  @ApiOkResponse({ type: PortalMeDto })
  @ApiForbiddenResponse({ type: ProblemDetailsDto, description: 'COMPANY_EDIT_NOT_ALLOWED' })
  @ApiBadRequestResponse({ type: ValidationProblemDto, description: 'VALIDATION_FAILED, naming the fields' })
  update(@CurrentActor() actor: ContactActor, @Body() dto: UpdatePortalMeDto): Promise<PortalMeDto> {
    return this.profiles.update(actor, dto);
  }

  @Patch('company')
  @PortalAuthenticated()
  @ApiOperation({
    summary: "Change your company's details",
    description:
      "Only while the setting `contactsMayEditCompany` is on (403 COMPANY_EDIT_NOT_ALLOWED otherwise), under the customers' own rules.",
  })
  @ApiOkResponse({ type: PortalMeDto })
  @ApiForbiddenResponse({ type: ProblemDetailsDto, description: 'COMPANY_EDIT_NOT_ALLOWED' })
  @ApiBadRequestResponse({ type: ValidationProblemDto, description: 'VALIDATION_FAILED, naming the fields' })
  updateCompany(@CurrentActor() actor: ContactActor, @Body() dto: UpdatePortalCompanyDto): Promise<PortalMeDto> {
    return this.profiles.updateCompany(actor, dto);
  }

  @Post('password')
  @HttpCode(200)
  @PortalAuthenticated()
  @ApiOperation({
    summary: 'Change your password',
    description:
      'With the password in use. Every session of the contact ends, access tokens included; the answer is a new pair for this one. A wrong current password is a 400 CURRENT_PASSWORD_WRONG, counted like a failed sign-in. A login as client cannot change the password (403).',
  })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiBadRequestResponse({ type: ValidationProblemDto, description: 'VALIDATION_FAILED or CURRENT_PASSWORD_WRONG' })
  @ApiForbiddenResponse({ type: ProblemDetailsDto, description: 'IMPERSONATION_CANNOT_CHANGE_PASSWORD' })
  @ApiTooManyRequestsResponse({ type: ProblemDetailsDto, description: 'TOO_MANY_LOGIN_ATTEMPTS' })
  changePassword(
    @CurrentActor() actor: ContactActor,
    @Req() request: FastifyRequest,
    @Body() dto: ChangePortalPasswordDto,
  ): Promise<TokenPairDto> {
    return this.profiles.changePassword(actor, request.ip, dto.currentPassword, dto.newPassword);
  }
}
