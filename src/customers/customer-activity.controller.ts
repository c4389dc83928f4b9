import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiUuidParam, Page, UuidParam } from '@app/common';
import { AuditEventDto, AuditService } from '../audit/audit.service';
import { ActivityPageDto, ActivityQueryDto } from '../audit/dto/activity.dto';
import { CurrentActor, StaffActor } from '../permissions/actor';
import { Authenticated } from '../permissions/authenticated.decorator';
import { CustomerAccess } from '../access/customer-access.service';

@ApiTags('customers')
@Controller('customers/:id/activity')
export class CustomerActivityController {
  constructor(
    private readonly access: CustomerAccess,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @Authenticated(['customers.view', 'customers.view_own'])
  @ApiOperation({
    summary: "A customer's activity",
    description:
      'Every change to the customer, its contacts, notes, group memberships and admin assignments: who, when, and each field before and after. Newest first.',
  })
  @ApiUuidParam('id', 'Customer id')
  @ApiOkResponse({ type: ActivityPageDto })
  async list(
    @CurrentActor() actor: StaffActor,
    @UuidParam('id') id: string,
    @Query() query: ActivityQueryDto,
  ): Promise<Page<AuditEventDto>> {
    await this.access.assertVisible(actor, id);
    return this.audit.forCustomer(id, query);
  }
}
