import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageOf, PageQueryDto } from '@app/common';

/** A recorded value: text (long text clipped), a number, a flag, or a list of ids and codes. */
const FIELD_VALUE = {
  nullable: true,
  oneOf: [
    { type: 'string', maxLength: 1001, pattern: '^[\\s\\S]*$' },
    { type: 'number' },
    { type: 'boolean' },
    { type: 'array', maxItems: 100, items: { type: 'string', maxLength: 100, pattern: '^[\\s\\S]*$' } },
  ],
};

export class FieldChangeDto {
  @ApiProperty({ description: 'Dotted path of the field', maxLength: 100, pattern: '^[A-Za-z0-9_.]+$' })
  field: string;

  @ApiProperty({ description: 'The value before (null when created)', ...FIELD_VALUE })
  before: unknown;

  @ApiProperty({ description: 'The value after (null when deleted)', ...FIELD_VALUE })
  after: unknown;
}

export class ActorRefDto {
  @ApiProperty({ enum: ['staff', 'contact', 'system'] })
  type: string;

  @ApiProperty({ type: 'string', format: 'uuid', maxLength: 36, nullable: true })
  id: string | null;

  @ApiPropertyOptional({
    format: 'uuid',
    maxLength: 36,
    description:
      'The contact an administrator acted for while logged in as that client (the actor is the administrator)',
  })
  onBehalfOf?: string;
}

export class ActivityDto {
  @ApiProperty({ format: 'uuid', maxLength: 36 })
  id: string;

  @ApiProperty({
    enum: [
      'customer',
      'contact',
      'note',
      'customer_admin',
      'group_membership',
      'invoice',
      'estimate',
      'payment',
      'credit_note',
      'statement',
    ],
  })
  entityType: string;

  @ApiProperty({ maxLength: 36, format: 'uuid' })
  entityId: string;

  @ApiProperty({ enum: ['create', 'update', 'delete', 'assign', 'unassign', 'login_as_client', 'send'] })
  action: string;

  @ApiProperty({ type: ActorRefDto })
  actor: ActorRefDto;

  @ApiProperty({ type: [FieldChangeDto], maxItems: 200 })
  changes: FieldChangeDto[];

  @ApiProperty({ format: 'date-time', maxLength: 30 })
  createdAt: string;
}

export class ActivityPageDto extends PageOf(ActivityDto) {}

/** Activity comes newest first; it pages, and neither searches nor sorts. */
export class ActivityQueryDto extends PageQueryDto {}
