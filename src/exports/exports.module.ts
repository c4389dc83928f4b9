import { Module } from '@nestjs/common';
import { CustomerAccessModule } from '../access/access.module';
import { CreditNotesModule } from '../credit-notes/credit-notes.module';
import { EstimatesModule } from '../estimates/estimates.module';
import { InvoicesModule } from '../invoices/invoices.module';
import { ExportsController } from './exports.controller';
import { ExportsService } from './exports.service';

/** A customer's documents taken out as one streamed ZIP of PDFs; each kind's module reads and renders its own. */
@Module({
  imports: [CustomerAccessModule, InvoicesModule, EstimatesModule, CreditNotesModule],
  controllers: [ExportsController],
  providers: [ExportsService],
})
export class ExportsModule {}
