import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, FieldError, ValidationFailedError } from './domain-error';

export type Translate = (key: string, language: string, args?: Record<string, unknown>) => string | undefined;

/** Turns an error of a lower layer into the answer it deserves (the database down: 503), or leaves it. */
export type Classify = (exception: unknown) => DomainError | undefined;

export const PROBLEM_JSON = 'application/problem+json; charset=utf-8';

/** Seconds a client should wait before retrying while a required service is down. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

/** 503 DATABASE_UNAVAILABLE with Retry-After: the database cannot answer; try again shortly. */
export const databaseUnavailable = () =>
  new DomainError(503, 'DATABASE_UNAVAILABLE', {}, {}, { 'retry-after': String(UNAVAILABLE_RETRY_AFTER_SECONDS) });
/** One error log per outage: further failures within this window are counted, not logged. */
const OUTAGE_LOG_WINDOW_MS = 60_000;

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  instance: string;
  requestId?: string;
  errors?: Array<{ field: string; code: string; message: string }>;
  [extension: string]: unknown;
}

interface Problem {
  status: number;
  code: string;
  args: Record<string, unknown>;
  extensions: Record<string, unknown>;
  headers: Record<string, string>;
  fieldErrors: FieldError[];
}

const CODE_BY_STATUS: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  409: 'CONFLICT',
  410: 'GONE',
  412: 'PRECONDITION_FAILED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE_CONTENT',
  428: 'PRECONDITION_REQUIRED',
  429: 'TOO_MANY_REQUESTS',
  500: 'INTERNAL_ERROR',
  503: 'SERVICE_UNAVAILABLE',
};

const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
};

type FrameworkError = Error & { statusCode?: number; code?: string };

function codeForStatus(status: number): string {
  return CODE_BY_STATUS[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST');
}

/** Errors raised by Fastify itself (body parsing, content type, size) before a handler runs. */
function fromFramework(error: FrameworkError): Problem | undefined {
  const status = error.statusCode;
  if (!status || status < 400 || status >= 500) return undefined;
  const isParserError = error instanceof SyntaxError || error.code?.startsWith('FST_');
  if (!isParserError) return undefined;
  const code =
    (error.code && FASTIFY_CODES[error.code]) ??
    (error instanceof SyntaxError ? 'MALFORMED_JSON' : codeForStatus(status));
  return { status, code, args: {}, extensions: {}, headers: {}, fieldErrors: [] };
}

function toProblem(exception: unknown): Problem {
  if (exception instanceof DomainError) {
    return {
      status: exception.status,
      code: exception.code,
      args: exception.args,
      extensions: exception.extensions,
      headers: exception.headers,
      fieldErrors: exception instanceof ValidationFailedError ? exception.fieldErrors : [],
    };
  }
  if (exception instanceof HttpException) {
    const wrapped = exception.cause ? fromFramework(exception.cause as FrameworkError) : undefined;
    if (wrapped) return wrapped;
    const status = exception.getStatus();
    return { status, code: codeForStatus(status), args: {}, extensions: {}, headers: {}, fieldErrors: [] };
  }
  const framework = fromFramework(exception as FrameworkError);
  if (framework) return framework;
  return { status: 500, code: 'INTERNAL_ERROR', args: {}, extensions: {}, headers: {}, fieldErrors: [] };
}

function kebab(code: string): string {
  return code.toLowerCase().replace(/_/g, '-');
}

/**
 * The single exception filter: every error leaves the API as RFC 9457 problem details
 * (`application/problem+json`) with a stable `code`, a message in the caller's language
 * and, for validation, every failing field.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  private lastOutageLog = 0;
  private failuresSinceLog = 0;

  constructor(
    private readonly translate: Translate,
    private readonly languageOf: (request: FastifyRequest) => string,
    private readonly classify: Classify = () => undefined,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const classified = exception instanceof DomainError ? undefined : this.classify(exception);
    const problem = toProblem(classified ?? exception);
    if (classified && problem.status === 503) {
      this.logOutage(exception);
    } else if (problem.status >= 500) {
      this.logger.error({ err: exception, method: request?.method, url: request?.url }, 'unhandled error');
    }
    const language = this.languageOf(request);
    const body = this.render(problem, language, request);
    if (reply.sent) return;
    reply
      .status(problem.status)
      .headers({ ...problem.headers, 'content-language': language })
      .type(PROBLEM_JSON)
      .send(body);
  }

  /** A required service down: logged with its cause once, then once a minute while it lasts. */
  private logOutage(cause: unknown): void {
    this.failuresSinceLog++;
    const now = Date.now();
    if (now - this.lastOutageLog < OUTAGE_LOG_WINDOW_MS) return;
    this.logger.error(
      { err: cause, failedRequests: this.failuresSinceLog },
      'required service unavailable: answering 503',
    );
    this.lastOutageLog = now;
    this.failuresSinceLog = 0;
  }

  private render(problem: Problem, language: string, request: FastifyRequest): ProblemDetails {
    const t = (key: string, args?: Record<string, unknown>) => this.translate(key, language, args);
    const body: ProblemDetails = {
      type: `urn:problem:${kebab(problem.code)}`,
      title: t(`http.${problem.status}`) ?? codeForStatus(problem.status),
      status: problem.status,
      code: problem.code,
      detail: t(`errors.${problem.code}`, problem.args) ?? t(`http.${problem.status}`) ?? problem.code,
      instance: (request?.url ?? '').split('?')[0],
      requestId: request?.id,
      ...problem.extensions,
    };
    // Every 400 lists its failing fields, none when the request as a whole was unreadable.
    if (problem.status === 400 || problem.fieldErrors.length > 0) {
      body.errors = problem.fieldErrors.map((e) => ({
        field: e.field,
        code: e.code,
        message: t(`validation.${e.code}`, e.args) ?? e.message ?? e.code,
      }));
    }
    return body;
  }
}
