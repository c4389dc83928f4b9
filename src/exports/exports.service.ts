import type { Readable } from 'node:stream';
import { Injectable, Logger } from '@nestjs/common';
import { ZipArchive } from 'archiver';
import { setTimeout as sleep } from 'node:timers/promises';
import { DomainError, invalidField } from '@app/common';
import { CustomerAccess, type DocumentFeature } from '../access/customer-access.service';
import { CreditNotesService } from '../credit-notes/credit-notes.service';
import type { DocumentPdf, ExportedDocument } from '../documents/document-pdfs.service';
import { dayTooEarly } from '../documents/documents.errors';
import { EstimatesService } from '../estimates/estimates.service';
import { InvoicesService } from '../invoices/invoices.service';
import { PaymentsService } from '../invoices/payments.service';
import type { StaffActor } from '../permissions/actor';
import type { ExportQueryDto, ExportType } from './dto/export.dto';

/** Documents read per query: memory holds one batch (and one PDF at a time), however many there are. */
export const EXPORT_BATCH_SIZE = 25;

/** How long an export waits for a free renderer before it tries again. */
const BUSY_WAIT_MS = 250;

type Key = { date: string; id: string };
type Batches = (after: Key | null) => Promise<ExportedDocument[]>;

const FEATURE: Record<ExportType, DocumentFeature> = {
  invoices: 'invoices',
  estimates: 'estimates',
  'credit-notes': 'credit_notes',
  payments: 'payments',
};

/** An export being written: the ZIP stream, and whether its reader went away. */
export interface ZipExport {
  stream: Readable;
  filename: string;
  /** Stops the work (the client disconnected): no further document is read or rendered. */
  stop(): void;
}

/**
 * A customer's documents of one kind as one ZIP of PDFs (payments: a receipt each), written
 * into the answer as they are rendered: the documents are read in keyset batches by the
 * modules that own them and each PDF waits until the ZIP has taken the previous one, so
 * memory stays flat whatever the number; a client that goes away stops the reads.
 */
@Injectable()
export class ExportsService {
  private readonly logger = new Logger(ExportsService.name);

  constructor(
    private readonly access: CustomerAccess,
    private readonly invoices: InvoicesService,
    private readonly estimates: EstimatesService,
    private readonly creditNotes: CreditNotesService,
    private readonly payments: PaymentsService,
  ) {}

  /** 404 unless the actor may read the customer's documents of the type; 400 for a filter the type does not have. */
  async start(actor: StaffActor, customerId: string, query: ExportQueryDto): Promise<ZipExport> {
    const type = query.type ?? 'invoices';
    if (query.status !== undefined && !this.isStatus(type, query.status)) throw invalidField('status', 'isIn');
    if (query.mode !== undefined && type !== 'payments') throw invalidField('mode', 'unknownProperty');
    if (query.from && query.to && query.to < query.from) throw dayTooEarly('to', query.from);
    await this.access.assertDocumentsVisible(actor, customerId, FEATURE[type]);
    const batches = this.batches(type, {
      customerId,
      status: query.status,
      mode: query.mode,
      from: query.from,
      to: query.to,
    });
    const zip = new ZipArchive({ store: true });
    let stopped = false;
    void this.write(zip, batches, () => stopped).catch((error: unknown) => {
      this.logger.warn(`export of ${type} of customer ${customerId} failed: ${String(error)}`);
      zip.destroy(error instanceof Error ? error : new Error(String(error)));
    });
    return {
      stream: zip,
      filename: `${type}-${customerId}.zip`,
      stop: () => {
        stopped = true;
      },
    };
  }

  /** Whether the type's documents have this status (payments have none). */
  private isStatus(type: ExportType, status: string): boolean {
    if (type === 'invoices') return this.invoices.isStatus(status);
    if (type === 'estimates') return this.estimates.isStatus(status);
    if (type === 'credit-notes') return this.creditNotes.isStatus(status);
    return false;
  }

  private batches(
    type: ExportType,
    filter: { customerId: string; status?: string; mode?: string; from?: string; to?: string },
  ): Batches {
    const { mode, ...documents } = filter;
    switch (type) {
      case 'invoices':
        return (after) => this.invoices.exportBatch(documents, after, EXPORT_BATCH_SIZE);
      case 'estimates':
        return (after) => this.estimates.exportBatch(documents, after, EXPORT_BATCH_SIZE);
      case 'credit-notes':
        return (after) => this.creditNotes.exportBatch(documents, after, EXPORT_BATCH_SIZE);
      case 'payments':
        return (after) =>
          this.payments.exportBatch(
            { customerId: filter.customerId, mode, from: filter.from, to: filter.to },
            after,
            EXPORT_BATCH_SIZE,
          );
    }
  }

  /**
   * The document's PDF; while every renderer thread is busy and the queue full, the export
   * waits its turn instead of failing halfway (null when the client went away meanwhile).
   */
  private async patiently(document: ExportedDocument, stopped: () => boolean): Promise<DocumentPdf | null> {
    for (;;) {
      try {
        return await document.pdf();
      } catch (error) {
        if (!(error instanceof DomainError && error.code === 'PDF_RENDERER_BUSY')) throw error;
        if (stopped()) return null;
        await sleep(BUSY_WAIT_MS);
      }
    }
  }

  /** Batch after batch, one PDF at a time, each appended once the ZIP has taken the one before. */
  private async write(zip: ZipArchive, batches: Batches, stopped: () => boolean): Promise<void> {
    let after: Key | null = null;
    while (!stopped() && !zip.destroyed) {
      const batch = await batches(after);
      for (const document of batch) {
        if (stopped() || zip.destroyed) return;
        const rendered = await this.patiently(document, stopped);
        if (!rendered) return;
        const { filename, content } = rendered;
        await appended(zip, content, filename);
      }
      if (batch.length < EXPORT_BATCH_SIZE) break;
      after = batch[batch.length - 1].key;
    }
    if (!stopped() && !zip.destroyed) await zip.finalize();
  }
}

/** Appends a file and settles once the ZIP has written it out (so the next waits for the reader). */
function appended(zip: ZipArchive, content: Buffer, name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (zip.destroyed) return resolve();
    const cleanup = () => {
      zip.off('entry', onEntry);
      zip.off('error', onError);
      zip.off('close', onClose);
    };
    const onEntry = () => {
      cleanup();
      resolve();
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const onClose = () => {
      cleanup();
      resolve();
    };
    zip.on('entry', onEntry);
    zip.on('error', onError);
    zip.on('close', onClose);
    zip.append(content, { name });
  });
}
