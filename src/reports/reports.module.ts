import { Module } from '@nestjs/common';
import { PdfModule } from '@app/pdf';
import { CustomerAccessModule } from '../access/access.module';
import { SettingsModule } from '../settings/settings.module';
import { ReportPdfs } from './report-pdf';
import { ReportsController } from './reports.controller';
import { ReportsRepository } from './reports.repository';
import { ReportsService } from './reports.service';

/**
 * Read-only aggregates over other modules' tables: revenue by customer group. The one
 * module that reads any table in SQL (its repository), and it writes none.
 */
@Module({
  imports: [CustomerAccessModule, SettingsModule, PdfModule],
  controllers: [ReportsController],
  providers: [ReportsRepository, ReportsService, ReportPdfs],
})
export class ReportsModule {}
