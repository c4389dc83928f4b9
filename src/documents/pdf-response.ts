import { StreamableFile, applyDecorators } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiProduces } from '@nestjs/swagger';
import { ProblemDetailsDto } from '@app/common';
import type { DocumentPdf } from './document-pdfs.service';

/** A bound for a document, far above one of the most lines and the longest descriptions. */
const PDF_MAX_BYTES = 16 * 1024 * 1024;

/** The OpenAPI of a route answering a document as a PDF attachment, or 404. */
export const ApiPdfResponse = (what: string): MethodDecorator =>
  applyDecorators(
    ApiProduces('application/pdf'),
    ApiOkResponse({
      description: `The ${what} as a PDF attachment`,
      content: { 'application/pdf': { schema: { type: 'string', format: 'binary', maxLength: PDF_MAX_BYTES } } },
    }),
    ApiNotFoundResponse({
      type: ProblemDetailsDto,
      description: `NOT_FOUND: no such ${what}, or one the caller may not see`,
    }),
  );

/** A rendered document as the answer: an attachment named after it. */
export function pdfAttachment({ filename, content }: DocumentPdf): StreamableFile {
  return new StreamableFile(content, {
    type: 'application/pdf',
    disposition: `attachment; filename="${filename}"`,
    length: content.length,
  });
}
