import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsUUID } from 'class-validator';
import { IsOptionalNotNull } from '@app/common';
import { StatementRangeDto } from '../../statements/dto/statement.dto';

/** A contact's id in the examples. */
const SAMPLE_CONTACT = '0190f5f2-7c1e-7a3b-9d4e-5f6a7b8c9d1a';

/** The most contacts one send names. */
export const RECIPIENTS_MAX = 50;

export class SendDocumentDto {
  @ApiPropertyOptional({
    type: [String],
    items: { type: 'string', format: 'uuid', maxLength: 36 },
    maxItems: RECIPIENTS_MAX,
    minItems: 1,
    example: [SAMPLE_CONTACT],
    description:
      "Contacts of the customer to send it to, each holding the document's portal permission with its email notification on (400 otherwise). Default: every such contact.",
  })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(RECIPIENTS_MAX)
  @IsUUID('all', { each: true })
  contactIds?: string[];
}

export class SendStatementDto extends StatementRangeDto {
  @ApiPropertyOptional({
    type: [String],
    items: { type: 'string', format: 'uuid', maxLength: 36 },
    maxItems: RECIPIENTS_MAX,
    minItems: 1,
    example: [SAMPLE_CONTACT],
    description:
      'Contacts of the customer to send it to, each holding the `invoices` portal permission with invoice emails on (400 otherwise). Default: every such contact.',
  })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(RECIPIENTS_MAX)
  @IsUUID('all', { each: true })
  contactIds?: string[];
}

export class QueuedEmailDto {
  @ApiProperty({ format: 'uuid', maxLength: 36, description: 'The email in the outbox (`GET /emails/{id}`)' })
  id: string;
  @ApiProperty({ format: 'uuid', maxLength: 36 })
  contactId: string;
  @ApiProperty({ format: 'email', maxLength: 254 })
  to: string;
}

/** What a send queued: one email per recipient, each with the PDF rendered when it is sent. */
export class SentDto {
  @ApiProperty({ type: [QueuedEmailDto], maxItems: 1000 })
  emails: QueuedEmailDto[];
}
