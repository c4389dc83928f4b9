import {
  CallHandler,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  UseInterceptors,
  applyDecorators,
  createParamDecorator,
} from '@nestjs/common';
import { Observable, tap } from 'rxjs';
import { ApiHeader, ApiPreconditionFailedResponse } from '@nestjs/swagger';
import { DomainError, invalidField } from './errors/domain-error';
import { StaleVersionProblemDto } from './openapi/problem.dto';

const IF_MATCH = /^\s*(?:W\/)?"?(\d{1,10})"?\s*$/;

/** 412: the resource changed since the version the caller read (If-Match names another). */
export const staleVersion = (currentVersion: number) =>
  new DomainError(412, 'STALE_VERSION', { currentVersion }, { currentVersion });

/** The strong ETag of a versioned resource: its version, quoted. */
export const etagOf = (version: number): string => `"${version}"`;

/** The version an `If-Match` header names; undefined without one; 400 when it is not a version (an empty one included). */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const match = IF_MATCH.exec(header);
  if (!match) {
    throw invalidField('If-Match', 'matches');
  }
  return Number(match[1]);
}

/** The version the request's `If-Match` names (undefined without one; 400 when it is not a version). */
export const IfMatch = createParamDecorator((_data: unknown, context: ExecutionContext): number | undefined => {
  const header = context.switchToHttp().getRequest<{ headers: Record<string, string | string[] | undefined> }>()
    .headers['if-match'];
  return parseIfMatch(Array.isArray(header) ? header.join(', ') : header);
});

export const ETAG_HEADER = {
  ETag: {
    description: 'The version of the resource, for If-Match',
    schema: { type: 'string', maxLength: 12, pattern: '^"[0-9]{1,10}"$' },
  },
};

/** Documents the optional If-Match header and its 412 answer. */
export function ApiIfMatch(): MethodDecorator {
  return applyDecorators(
    ApiHeader({
      name: 'If-Match',
      required: false,
      description: 'The ETag last read; a stale one answers 412 and changes nothing',
      schema: { type: 'string', maxLength: 16, pattern: '^(W/)?"?[0-9]{1,10}"?$' },
    }),
    ApiPreconditionFailedResponse({
      type: StaleVersionProblemDto,
      description: 'STALE_VERSION: changed by someone else',
    }),
  );
}

@Injectable()
class EtagFromVersion implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const reply = context.switchToHttp().getResponse<{ header(name: string, value: string): unknown }>();
    return next.handle().pipe(
      tap((answer: { version?: unknown } | undefined) => {
        if (typeof answer?.version === 'number') reply.header('etag', etagOf(answer.version));
      }),
    );
  }
}

/** The answer is a versioned resource: its `version` goes out as the ETag. */
export function SendsEtag(): MethodDecorator {
  return UseInterceptors(EtagFromVersion);
}
