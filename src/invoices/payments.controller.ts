import { Body, Controller, Delete, Get, HttpCode, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiUuidParam, Page, ProblemDetailsDto, UuidParam } from '@app/common';
import { CurrentActor, StaffActor } from '../permissions/actor';
import { Authenticated } from '../permissions/authenticated.decorator';
import {
  CreatePaymentDto,
  PaymentConflictProblemDto,
  PaymentDto,
  PaymentListQueryDto,
  PaymentPageDto,
} from './dto/payment.dto';
import { PaymentsService } from './payments.service';

const ACCESS_NOTE =
  "Reads reach the payments of the customers the caller's `payments.view` (all) or `payments.view_own` (assigned customers) reaches, capped by the customer scope (with only `customers.view_own`, assigned customers); changes need the invoice's customer visible. Anything else answers 404.";

@ApiTags('payments')
@Controller('payments')
export class PaymentsController {
  constructor(private readonly payments: PaymentsService) {}

  @Post()
  @Authenticated('payments.create')
  @ApiOperation({
    summary: 'Record a payment',
    description: `Against an unpaid or partially paid invoice, in its currency (at most the currency's decimals), with a mode of the settings' \`paymentModes\`. It may not exceed the invoice's amount due, also when payments arrive at once; the invoice becomes partially paid or paid. Counted as a transaction of the customer and recorded in its activity. ${ACCESS_NOTE}`,
  })
  @ApiCreatedResponse({ type: PaymentDto })
  @ApiNotFoundResponse({
    type: ProblemDetailsDto,
    description: 'NOT_FOUND: no such invoice, or one of a customer the caller may not see',
  })
  @ApiConflictResponse({
    type: PaymentConflictProblemDto,
    description:
      'PAYMENT_EXCEEDS_AMOUNT_DUE, or INVOICE_STATUS_CONFLICT for an invoice that is not unpaid or partially paid',
  })
  create(@CurrentActor() actor: StaffActor, @Body() dto: CreatePaymentDto): Promise<PaymentDto> {
    return this.payments.create(actor, dto);
  }

  @Get()
  @Authenticated(['payments.view', 'payments.view_own'])
  @ApiOperation({
    summary: 'List payments',
    description: `Filter by invoice, customer, mode and a date range (inclusive); sorted by date (the default, newest first). ${ACCESS_NOTE}`,
  })
  @ApiOkResponse({ type: PaymentPageDto })
  list(@CurrentActor() actor: StaffActor, @Query() query: PaymentListQueryDto): Promise<Page<PaymentDto>> {
    return this.payments.list(actor, query);
  }

  @Get(':id')
  @Authenticated(['payments.view', 'payments.view_own'])
  @ApiOperation({ summary: 'Get a payment', description: ACCESS_NOTE })
  @ApiUuidParam('id', 'Payment id')
  @ApiOkResponse({ type: PaymentDto })
  get(@CurrentActor() actor: StaffActor, @UuidParam('id') id: string): Promise<PaymentDto> {
    return this.payments.get(actor, id);
  }

  @Delete(':id')
  @HttpCode(204)
  @Authenticated('payments.delete')
  @ApiOperation({
    summary: 'Delete a payment',
    description: `The invoice's amount paid goes down by the payment, and the invoice is open again: partially paid, or unpaid when nothing is left paid. The customer's transaction count goes back down. ${ACCESS_NOTE}`,
  })
  @ApiUuidParam('id', 'Payment id')
  @ApiNoContentResponse({ description: 'Deleted' })
  remove(@CurrentActor() actor: StaffActor, @UuidParam('id') id: string): Promise<void> {
    return this.payments.remove(actor, id);
  }
}
