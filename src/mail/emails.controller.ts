import { Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiUuidParam, Page, ProblemDetailsDto, UuidParam } from '@app/common';
import { CurrentActor, StaffActor } from '../permissions/actor';
import { Authenticated } from '../permissions/authenticated.decorator';
import { EmailDto, EmailListQueryDto, EmailPageDto } from './dto/email.dto';
import { EmailsService } from './emails.service';

@ApiTags('emails')
@Controller('emails')
export class EmailsController {
  constructor(private readonly emails: EmailsService) {}

  @Get()
  @Authenticated(['emails.view', 'emails.edit'])
  @ApiOperation({
    summary: 'List the outbox',
    description:
      'Every email the system queued, newest first, with its delivery state. Staff with customers.view_own see the emails of the customers they administer only; an email about no customer is shown to staff who see every customer.',
  })
  @ApiOkResponse({ type: EmailPageDto })
  list(@CurrentActor() actor: StaffActor, @Query() query: EmailListQueryDto): Promise<Page<EmailDto>> {
    return this.emails.list(actor, query);
  }

  @Post(':id/retry')
  @HttpCode(200)
  @Authenticated('emails.edit')
  @ApiOperation({
    summary: 'Retry a failed email',
    description: 'Queues a failed email again, due at once, with its attempts counted afresh.',
  })
  @ApiUuidParam('id', 'Email id')
  @ApiOkResponse({ type: EmailDto })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'EMAIL_NOT_FAILED: only a failed email is retried' })
  retry(@CurrentActor() actor: StaffActor, @UuidParam('id') id: string): Promise<EmailDto> {
    return this.emails.retry(actor, id);
  }
}
