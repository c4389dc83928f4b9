import { Module } from '@nestjs/common';
import { PdfRenderer } from './pdf-renderer';

/**
 * PDF rendering for the modules that print documents: one pool of threads per application,
 * sized by the `PDF_POOL_OPTIONS` the application provides (library defaults without them).
 */
@Module({
  providers: [PdfRenderer],
  exports: [PdfRenderer],
})
export class PdfModule {}
