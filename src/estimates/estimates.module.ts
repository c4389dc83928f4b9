import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CustomerAccessModule } from '../access/access.module';
import { DocumentsModule } from '../documents/documents.module';
import { InvoicesModule } from '../invoices/invoices.module';
import { SettingsModule } from '../settings/settings.module';
import { Estimate, EstimateItem } from './estimate.entity';
import { EstimatesController } from './estimates.controller';
import { EstimatesRepository } from './estimates.repository';
import { EstimatesService } from './estimates.service';

/** Estimates and their lines: the one owner of those tables; conversion writes the invoice through the invoices module. */
@Module({
  imports: [
    TypeOrmModule.forFeature([Estimate, EstimateItem]),
    CustomerAccessModule,
    DocumentsModule,
    InvoicesModule,
    SettingsModule,
  ],
  controllers: [EstimatesController],
  providers: [EstimatesRepository, EstimatesService],
  exports: [EstimatesService],
})
export class EstimatesModule {}
