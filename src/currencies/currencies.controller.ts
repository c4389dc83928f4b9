import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Page, ProblemDetailsDto } from '@app/common';
import { Authenticated } from '../permissions/authenticated.decorator';
import { CurrenciesService } from './currencies.service';
import { ApiCurrencyCodeParam, CurrencyCodeParam } from './currency-code.param';
import {
  CreateCurrencyDto,
  CreateExchangeRateDto,
  CurrencyDto,
  CurrencyPageDto,
  ExchangeRateDto,
  ExchangeRateListQueryDto,
  ExchangeRatePageDto,
  UpdateCurrencyDto,
  CurrencyListQueryDto,
} from './dto/currency.dto';

@ApiTags('currencies')
@Controller('currencies')
export class CurrenciesController {
  constructor(private readonly currencies: CurrenciesService) {}

  @Get()
  @Authenticated()
  @ApiOperation({
    summary: 'List currencies',
    description: 'Sort by code (default) or name; q matches the code or the name by prefix.',
  })
  @ApiOkResponse({ type: CurrencyPageDto })
  list(@Query() query: CurrencyListQueryDto): Promise<Page<CurrencyDto>> {
    return this.currencies.list(query);
  }

  @Post()
  @Authenticated('settings.edit')
  @ApiOperation({
    summary: 'Create a currency',
    description: '`isDefault: true` makes it the one default currency in the same transaction.',
  })
  @ApiCreatedResponse({ type: CurrencyDto })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'CURRENCY_EXISTS' })
  create(@Body() dto: CreateCurrencyDto): Promise<CurrencyDto> {
    return this.currencies.create(dto);
  }

  @Get(':code')
  @Authenticated()
  @ApiOperation({ summary: 'Get a currency', description: 'The currency and how amounts in it are written.' })
  @ApiCurrencyCodeParam()
  @ApiOkResponse({ type: CurrencyDto })
  get(@CurrencyCodeParam() code: string): Promise<CurrencyDto> {
    return this.currencies.get(code);
  }

  @Patch(':code')
  @Authenticated('settings.edit')
  @ApiOperation({
    summary: 'Update a currency',
    description:
      '`isDefault: true` switches the default to this currency; there is always exactly one default, so it cannot be unset. `decimals` cannot change once a document, payment or exchange rate is written in the currency (`inUse`): 409 CURRENCY_DECIMALS_LOCKED.',
  })
  @ApiCurrencyCodeParam()
  @ApiOkResponse({ type: CurrencyDto })
  @ApiConflictResponse({
    type: ProblemDetailsDto,
    description: 'CURRENCY_DEFAULT_REQUIRED or CURRENCY_DECIMALS_LOCKED',
  })
  update(@CurrencyCodeParam() code: string, @Body() dto: UpdateCurrencyDto): Promise<CurrencyDto> {
    return this.currencies.update(code, dto);
  }

  @Delete(':code')
  @HttpCode(204)
  @Authenticated('settings.edit')
  @ApiOperation({
    summary: 'Delete a currency',
    description: 'Not the default, and not while a customer uses it. Its exchange rates go with it.',
  })
  @ApiCurrencyCodeParam()
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'CURRENCY_IS_DEFAULT or CURRENCY_IN_USE' })
  remove(@CurrencyCodeParam() code: string): Promise<void> {
    return this.currencies.remove(code);
  }

  @Get(':code/rates')
  @Authenticated()
  @ApiOperation({
    summary: 'List exchange rates',
    description: 'Rates of the currency to the default currency, newest date first (sort: date or -date).',
  })
  @ApiCurrencyCodeParam()
  @ApiOkResponse({ type: ExchangeRatePageDto })
  listRates(
    @CurrencyCodeParam() code: string,
    @Query() query: ExchangeRateListQueryDto,
  ): Promise<Page<ExchangeRateDto>> {
    return this.currencies.listRates(code, query);
  }

  @Post(':code/rates')
  @Authenticated('settings.edit')
  @ApiOperation({
    summary: 'Record an exchange rate',
    description:
      'How many units of the default currency one unit of this currency is worth on a date; the same date again replaces that rate.',
  })
  @ApiCurrencyCodeParam()
  @ApiCreatedResponse({ type: ExchangeRateDto })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'CURRENCY_IS_DEFAULT: the default has no rate' })
  setRate(@CurrencyCodeParam() code: string, @Body() dto: CreateExchangeRateDto): Promise<ExchangeRateDto> {
    return this.currencies.setRate(code, dto);
  }
}
