import { extname, join } from 'node:path';
import { Inject, Injectable, OnModuleDestroy, Optional } from '@nestjs/common';
import { Piscina } from 'piscina';
import type { PdfDocument } from './pdf-definition';

export type { PdfDocument } from './pdf-definition';

/** How many threads render PDFs, and how many documents may wait for one. */
export interface PdfPoolOptions {
  workers: number;
  queueLimit: number;
}

export const PDF_POOL_OPTIONS = Symbol('PDF_POOL_OPTIONS');

const DEFAULTS: PdfPoolOptions = { workers: 2, queueLimit: 32 };

/** How long a refused caller is told to wait before it tries again, in seconds. */
export const PDF_RETRY_AFTER_SECONDS = 2;

/** Every thread is busy and the queue is full: the caller answers 503 with Retry-After. */
export class PdfRendererBusy extends Error {
  constructor() {
    super('the PDF renderer is busy');
    this.name = 'PdfRendererBusy';
  }
}

/** The worker's file: compiled JavaScript, or the TypeScript source run through the same register hook as the tests. */
function workerFile(): { filename: string; execArgv: string[] } {
  const extension = extname(__filename);
  const filename = join(__dirname, `pdf-worker${extension}`);
  return extension === '.ts' ? { filename, execArgv: ['--require', '@swc-node/register'] } : { filename, execArgv: [] };
}

/**
 * Renders documents laid out with the blocks of this library, in A4 with the bundled fonts,
 * in a pool of worker threads (piscina): a long document never holds up the event loop and
 * other requests. The queue is bounded; when it is full, `render` fails with
 * `PdfRendererBusy` at once rather than letting waits grow without end.
 */
@Injectable()
export class PdfRenderer implements OnModuleDestroy {
  private readonly pool: Piscina;

  constructor(@Optional() @Inject(PDF_POOL_OPTIONS) options: PdfPoolOptions | null = null) {
    const { workers, queueLimit } = options ?? DEFAULTS;
    this.pool = new Piscina({
      ...workerFile(),
      minThreads: 1,
      maxThreads: workers,
      maxQueue: queueLimit,
      idleTimeout: 60_000,
      // A thread's heap holds one document at a time: a small old generation keeps it collected.
      resourceLimits: { maxOldGenerationSizeMb: 128 },
    });
  }

  async render(document: PdfDocument): Promise<Buffer> {
    try {
      const bytes: Uint8Array = await this.pool.run(document);
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    } catch (error) {
      if (error instanceof Error && /queue is at limit/i.test(error.message)) throw new PdfRendererBusy();
      throw error;
    }
  }

  /** Ends the threads (the application stops, a test is done). */
  async onModuleDestroy(): Promise<void> {
    await this.pool.destroy();
  }
}
