import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query, StreamableFile } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import {
  ApiIfMatch,
  ApiUuidParam,
  ETAG_HEADER,
  Page,
  ProblemDetailsDto,
  UuidParam,
  SendsEtag,
  IfMatch,
} from '@app/common';
import { CurrentActor, StaffActor } from '../permissions/actor';
import { Authenticated } from '../permissions/authenticated.decorator';
import { CustomersBulkService } from './customers-bulk.service';
import { customersCsv } from './customers-csv';
import { CustomersExport } from './customers-export.service';
import { CustomersService } from './customers.service';
import { BulkCustomersDto, BulkResultDto } from './dto/bulk.dto';
import {
  CreateCustomerDto,
  CreatedCustomerDto,
  CustomerConflictProblemDto,
  CustomerDto,
  CustomerHasTransactionsProblemDto,
  CustomerListQueryDto,
  CustomerPageDto,
  QuickCreateCustomerDto,
  UpdateCustomerDto,
} from './dto/customer.dto';

@ApiTags('customers')
@ApiExtraModels(CustomerPageDto)
@Controller('customers')
export class CustomersController {
  constructor(
    private readonly customers: CustomersService,
    private readonly bulkActions: CustomersBulkService,
    private readonly exports: CustomersExport,
  ) {}

  @Get()
  @Authenticated(['customers.view', 'customers.view_own'])
  @ApiOperation({
    summary: 'List customers',
    description:
      'Only customers the caller may see (with `customers.view_own`: those they administer). `q` matches words of company, VAT, phone and contact names and emails by prefix; inactive customers are hidden unless `active=false|all`. Sort by company or createdAt. `format=csv` streams every match.',
  })
  @ApiOkResponse({
    description: 'A page of customers, or the CSV export',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(CustomerPageDto) } },
      'text/csv': { schema: { type: 'string', format: 'binary', maxLength: 2147483647 } },
    },
  })
  async list(
    @CurrentActor() actor: StaffActor,
    @Query() query: CustomerListQueryDto,
  ): Promise<Page<CustomerDto> | StreamableFile> {
    if (query.format !== 'csv') return this.customers.list(actor, query);
    return customersCsv(this.exports.rows(actor, query));
  }

  @Post()
  @Authenticated('customers.create')
  @ApiOperation({
    summary: 'Create a customer',
    description:
      'With its primary contact and their portal permissions in the same transaction. A creator without `customers.view` becomes its customer admin.',
  })
  @ApiCreatedResponse({ type: CreatedCustomerDto })
  @ApiConflictResponse({
    type: CustomerConflictProblemDto,
    description:
      'CUSTOMER_DUPLICATE (unless force: true; names only customers the caller may see) or CONTACT_EMAIL_TAKEN',
  })
  create(@CurrentActor() actor: StaffActor, @Body() dto: CreateCustomerDto): Promise<CreatedCustomerDto> {
    return this.customers.create(actor, dto);
  }

  @Post('bulk')
  @HttpCode(200)
  @Authenticated(['customers.edit', 'customers.delete'])
  @ApiOperation({
    summary: 'Bulk actions on customers',
    description:
      'assignGroups (add or replace) and deactivate need customers.edit, delete needs customers.delete. Each customer is handled as alone (same rules, access and audit, its own transaction) and gets its own result: customers the caller may not see answer 404, customers with transactions cannot be deleted (409).',
  })
  @ApiOkResponse({ type: BulkResultDto })
  bulk(@CurrentActor() actor: StaffActor, @Body() dto: BulkCustomersDto): Promise<BulkResultDto> {
    return this.bulkActions.run(actor, dto);
  }

  @Post('quick')
  @Authenticated('customers.create')
  @ApiOperation({
    summary: 'Quick-create a customer',
    description: 'Company name and optionally one contact; same rules.',
  })
  @ApiCreatedResponse({ type: CreatedCustomerDto })
  @ApiConflictResponse({
    type: CustomerConflictProblemDto,
    description: 'CUSTOMER_DUPLICATE (unless force: true) or CONTACT_EMAIL_TAKEN',
  })
  quick(@CurrentActor() actor: StaffActor, @Body() dto: QuickCreateCustomerDto): Promise<CreatedCustomerDto> {
    return this.customers.quickCreate(actor, dto);
  }

  @Get(':id')
  @Authenticated(['customers.view', 'customers.view_own'])
  @ApiOperation({ summary: 'Get a customer', description: '404 when it does not exist or the caller may not see it.' })
  @ApiUuidParam('id', 'Customer id')
  @ApiOkResponse({ type: CustomerDto, headers: ETAG_HEADER })
  @SendsEtag()
  get(@CurrentActor() actor: StaffActor, @UuidParam('id') id: string): Promise<CustomerDto> {
    return this.customers.get(actor, id);
  }

  @Patch(':id')
  @Authenticated('customers.edit')
  @ApiOperation({
    summary: 'Update a customer',
    description: 'The currency cannot change once the customer has transactions (409 CUSTOMER_CURRENCY_LOCKED).',
  })
  @ApiUuidParam('id', 'Customer id')
  @ApiIfMatch()
  @ApiOkResponse({ type: CustomerDto, headers: ETAG_HEADER })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'CUSTOMER_CURRENCY_LOCKED' })
  @SendsEtag()
  update(
    @CurrentActor() actor: StaffActor,
    @UuidParam('id') id: string,
    @Body() dto: UpdateCustomerDto,
    @IfMatch() expectedVersion: number | undefined,
  ): Promise<CustomerDto> {
    return this.customers.update(actor, id, dto, expectedVersion);
  }

  @Delete(':id')
  @HttpCode(204)
  @Authenticated('customers.delete')
  @ApiOperation({
    summary: 'Delete a customer',
    description:
      'With its contacts, notes and assignments. A customer with transactions is never deleted: 409 CUSTOMER_HAS_TRANSACTIONS (deactivate it instead).',
  })
  @ApiUuidParam('id', 'Customer id')
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiConflictResponse({ type: CustomerHasTransactionsProblemDto, description: 'CUSTOMER_HAS_TRANSACTIONS' })
  @ApiIfMatch()
  remove(
    @CurrentActor() actor: StaffActor,
    @UuidParam('id') id: string,
    @IfMatch() expectedVersion: number | undefined,
  ): Promise<void> {
    return this.customers.remove(actor, id, expectedVersion);
  }
}
