import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CurrenciesController } from './currencies.controller';
import { CurrenciesRepository } from './currencies.repository';
import { CurrenciesService } from './currencies.service';
import { Currency } from './currency.entity';
import { ExchangeRate } from './exchange-rate.entity';

@Module({
  imports: [TypeOrmModule.forFeature([Currency, ExchangeRate])],
  controllers: [CurrenciesController],
  providers: [CurrenciesRepository, CurrenciesService],
  exports: [CurrenciesService],
})
export class CurrenciesModule {}
