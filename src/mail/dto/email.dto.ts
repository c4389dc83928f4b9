import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsUUID, MaxLength } from 'class-validator';
import { EMAIL_MAX, PageOf, PageQueryDto, TEXT_PATTERN } from '@app/common';
import { SUPPORTED_LANGUAGES } from '../../config/environment';
import { TEMPLATE_NAMES } from '../../email-templates/template-catalogue';
import { EMAIL_STATUSES, EmailStatus, LAST_ERROR_LENGTH } from '../outbox-email.entity';

export class EmailListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: EMAIL_STATUSES, description: 'Only emails in this state' })
  @IsOptional()
  @IsIn([...EMAIL_STATUSES])
  status?: EmailStatus;

  @ApiPropertyOptional({
    type: 'string',
    format: 'email',
    maxLength: EMAIL_MAX,
    description: 'Only emails to this address (compared case-insensitively)',
  })
  @IsOptional()
  @MaxLength(EMAIL_MAX)
  @IsEmail()
  recipient?: string;

  @ApiPropertyOptional({ format: 'uuid', maxLength: 36, description: 'Only emails about this customer' })
  @IsOptional()
  @IsUUID()
  customerId?: string;
}

export class EmailDto {
  @ApiProperty({ format: 'uuid', maxLength: 36 })
  id: string;
  @ApiProperty({ enum: TEMPLATE_NAMES, description: 'The template the email is rendered from' })
  template: string;
  @ApiProperty({
    enum: SUPPORTED_LANGUAGES,
    nullable: true,
    description: 'The language it was (or will be) sent in; null: the default language when it is sent',
  })
  language: string | null;
  @ApiProperty({ format: 'email', maxLength: EMAIL_MAX })
  recipientEmail: string;
  @ApiProperty({ type: 'string', maxLength: 200, nullable: true, pattern: TEXT_PATTERN })
  recipientName: string | null;
  @ApiProperty({ type: 'string', format: 'uuid', maxLength: 36, nullable: true })
  customerId: string | null;
  @ApiProperty({ type: 'string', format: 'uuid', maxLength: 36, nullable: true })
  contactId: string | null;
  @ApiProperty({
    enum: EMAIL_STATUSES,
    description:
      'queued (waiting, or waiting to be retried), sending, sent, failed after its last attempt, or cancelled (lastError says why: its template is switched off; its customer or contact was deleted, deactivated, or the contact has another address since it was queued; or a password reset was asked for an address with no active contact)',
  })
  status: EmailStatus;
  @ApiProperty({ type: 'integer', format: 'int32', minimum: 0, maximum: 1000, description: 'Sending attempts made' })
  attempts: number;
  @ApiProperty({
    format: 'date-time',
    maxLength: 30,
    description: 'When the next attempt is due (for a queued email)',
  })
  nextAttemptAt: string;
  @ApiProperty({
    type: 'string',
    maxLength: LAST_ERROR_LENGTH,
    nullable: true,
    pattern: '^[\\s\\S]*$',
    description: 'Why the last attempt failed, or why it was cancelled',
  })
  lastError: string | null;
  @ApiProperty({
    type: 'string',
    maxLength: 255,
    nullable: true,
    pattern: '^[\\s\\S]*$',
    description: 'The Message-ID it was sent with',
  })
  messageId: string | null;
  @ApiProperty({ format: 'date-time', maxLength: 30 })
  createdAt: string;
  @ApiProperty({ type: 'string', format: 'date-time', maxLength: 30, nullable: true })
  sentAt: string | null;
}

export class EmailPageDto extends PageOf(EmailDto) {}

export class QueuedEmailDto {
  @ApiProperty({ format: 'uuid', maxLength: 36, description: 'The outbox email (see GET emails)' })
  id: string;
  @ApiProperty({ enum: ['queued'] })
  status: 'queued';
}
