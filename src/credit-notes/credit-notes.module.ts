import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CustomerAccessModule } from '../access/access.module';
import { DocumentsModule } from '../documents/documents.module';
import { InvoicesModule } from '../invoices/invoices.module';
import { SettingsModule } from '../settings/settings.module';
import { CreditApplication, CreditNote, CreditNoteItem } from './credit-note.entity';
import { CreditLedger } from './credit-ledger.service';
import { CreditNotesController } from './credit-notes.controller';
import { CreditNotesRepository } from './credit-notes.repository';
import { CreditNotesService } from './credit-notes.service';

/** Credit notes, their lines and the credit applied from them: the one owner of those tables; invoices are credited through the invoices module. */
@Module({
  imports: [
    TypeOrmModule.forFeature([CreditNote, CreditNoteItem, CreditApplication]),
    CustomerAccessModule,
    DocumentsModule,
    InvoicesModule,
    SettingsModule,
  ],
  controllers: [CreditNotesController],
  providers: [CreditNotesRepository, CreditNotesService, CreditLedger],
  exports: [CreditNotesService, CreditLedger],
})
export class CreditNotesModule {}
