import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DocumentNumbers } from './document-numbers.service';
import { DocumentSequence } from './document-sequence.entity';

/**
 * What invoices and estimates share: the number series (the one owner of
 * `document_sequences`), and, as plain code, the columns, lines, address snapshots and line
 * pricing of a sales document.
 */
@Module({
  imports: [TypeOrmModule.forFeature([DocumentSequence])],
  providers: [DocumentNumbers],
  exports: [DocumentNumbers],
})
export class DocumentsModule {}
