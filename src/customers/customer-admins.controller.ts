import { Body, Controller, Delete, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiUuidParam, Page, PageQueryDto, UuidParam } from '@app/common';
import { CurrentActor, StaffActor } from '../permissions/actor';
import { Authenticated } from '../permissions/authenticated.decorator';
import { CustomerAdminsService } from './customer-admins.service';
import { AssignAdminDto, CustomerAdminDto, CustomerAdminPageDto } from './dto/customer.dto';

@ApiTags('customers')
@Controller('customers/:id/admins')
export class CustomerAdminsController {
  constructor(private readonly admins: CustomerAdminsService) {}

  @Get()
  @Authenticated(['customers.view', 'customers.view_own'])
  @ApiOperation({
    summary: "List a customer's admins",
    description: 'Staff assigned to the customer, first assigned first.',
  })
  @ApiUuidParam('id', 'Customer id')
  @ApiOkResponse({ type: CustomerAdminPageDto })
  list(
    @CurrentActor() actor: StaffActor,
    @UuidParam('id') id: string,
    @Query() query: PageQueryDto,
  ): Promise<Page<CustomerAdminDto>> {
    return this.admins.list(actor, id, query);
  }

  @Post()
  @Authenticated(['customers.create', 'customers.edit'])
  @ApiOperation({
    summary: 'Assign a customer admin',
    description: 'An active staff member; assigning one already assigned answers 200 and changes nothing.',
  })
  @ApiUuidParam('id', 'Customer id')
  @ApiCreatedResponse({ type: CustomerAdminDto, description: 'Assigned' })
  @ApiOkResponse({ type: CustomerAdminDto, description: 'Already assigned' })
  async assign(
    @CurrentActor() actor: StaffActor,
    @UuidParam('id') id: string,
    @Body() dto: AssignAdminDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CustomerAdminDto> {
    const { created, admin } = await this.admins.assign(actor, id, dto.staffId);
    reply.status(created ? 201 : 200);
    return admin;
  }

  @Delete(':staffId')
  @HttpCode(204)
  @Authenticated(['customers.create', 'customers.edit'])
  @ApiOperation({ summary: 'Unassign a customer admin', description: '404 when the staff member is not assigned.' })
  @ApiUuidParam('id', 'Customer id')
  @ApiUuidParam('staffId', 'Staff id')
  @ApiNoContentResponse({ description: 'Unassigned' })
  unassign(
    @CurrentActor() actor: StaffActor,
    @UuidParam('id') id: string,
    @UuidParam('staffId') staffId: string,
  ): Promise<void> {
    return this.admins.unassign(actor, id, staffId);
  }
}
