import { Module } from '@nestjs/common';
import { PdfRenderer } from './pdf-renderer';

/** PDF rendering for the modules that print documents. */
@Module({
  providers: [PdfRenderer],
  exports: [PdfRenderer],
})
export class PdfModule {}
