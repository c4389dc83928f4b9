import { Controller, Get, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiUuidParam, ProblemDetailsDto, UuidParam } from '@app/common';
import { CurrentActor, StaffActor } from '../permissions/actor';
import { Authenticated } from '../permissions/authenticated.decorator';
import { ExportQueryDto } from './dto/export.dto';
import { ExportsService } from './exports.service';

/** A bound for the OpenAPI document; a ZIP of many documents is streamed, so none in practice. */
const ZIP_MAX_BYTES = 2147483647;

@ApiTags('customers')
@Controller('customers/:id/exports')
export class ExportsController {
  constructor(private readonly exports: ExportsService) {}

  @Get()
  @Authenticated([
    'invoices.view',
    'invoices.view_own',
    'estimates.view',
    'estimates.view_own',
    'credit_notes.view',
    'credit_notes.view_own',
    'payments.view',
    'payments.view_own',
  ])
  @ApiOperation({
    summary: "A customer's documents as one ZIP of PDFs",
    description:
      "One PDF per matching document of `type` (invoices, estimates, credit notes; payments: a receipt each), named by its number, filtered by `status` (not drafts unless asked for; payments: by `mode`) and the date range. The ZIP is written into the answer as the PDFs are rendered, reading the documents in batches, so memory stays flat; a client that disconnects stops the work. No matching document: an empty ZIP. Needs the type's `view` (every customer) or `view_own` (assigned customers), capped by the customer scope; anything else answers 404.",
  })
  @ApiUuidParam('id', 'Customer id')
  @ApiProduces('application/zip')
  @ApiOkResponse({
    description: 'The ZIP, streamed',
    content: { 'application/zip': { schema: { type: 'string', format: 'binary', maxLength: ZIP_MAX_BYTES } } },
  })
  @ApiNotFoundResponse({
    type: ProblemDetailsDto,
    description: 'NOT_FOUND: no such customer, or one whose documents of this type the caller may not read',
  })
  async export(
    @CurrentActor() actor: StaffActor,
    @UuidParam('id') id: string,
    @Query() query: ExportQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    const zip = await this.exports.start(actor, id, query);
    reply.raw.on('close', () => {
      if (!reply.raw.writableFinished) zip.stop();
    });
    return new StreamableFile(zip.stream, {
      type: 'application/zip',
      disposition: `attachment; filename="${zip.filename}"`,
    });
  }
}
