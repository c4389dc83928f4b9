import { Module } from '@nestjs/common';
import { CurrenciesModule } from '../currencies/currencies.module';
import { SystemModule } from '../system/system.module';
import { SettingsController } from './settings.controller';
import { SettingsService } from './settings.service';

/** The system settings; other modules read them through SettingsService. */
@Module({
  imports: [SystemModule, CurrenciesModule],
  controllers: [SettingsController],
  providers: [SettingsService],
  exports: [SettingsService],
})
export class SettingsModule {}
