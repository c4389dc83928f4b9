import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SystemSettingsRepository } from './system-settings.repository';
import { SystemSettingsService } from './system-settings.service';
import { SystemSetting } from './system-setting.entity';

@Module({
  imports: [TypeOrmModule.forFeature([SystemSetting])],
  providers: [SystemSettingsRepository, SystemSettingsService],
  exports: [SystemSettingsService],
})
export class SystemModule {}
