import { Type as Class } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { ValidationFailedError } from '../errors/domain-error';

export const MAX_PAGE_SIZE = 100;

/** `?page=&pageSize=&q=&sort=`: what every list endpoint accepts, extended with its filters. */
export class ListQueryDto {
  @ApiPropertyOptional({ type: 'integer', format: 'int32', minimum: 1, maximum: 100000, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100000)
  page?: number;

  @ApiPropertyOptional({ type: 'integer', format: 'int32', minimum: 1, maximum: MAX_PAGE_SIZE, default: 25 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  pageSize?: number;

  @ApiPropertyOptional({ description: 'Search: matches words by prefix', maxLength: 200, pattern: '^[\\s\\S]*$' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({
    description: 'A sort field; `-field` sorts descending',
    maxLength: 50,
    pattern: '^-?[A-Za-z]+$',
  })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  @Matches(/^-?[A-Za-z]+$/)
  sort?: string;
}

export class PageMetaDto {
  @ApiProperty({ type: 'integer', format: 'int32', minimum: 1, maximum: 100000 })
  page: number;

  @ApiProperty({ type: 'integer', format: 'int32', minimum: 1, maximum: MAX_PAGE_SIZE })
  pageSize: number;

  @ApiProperty({ type: 'integer', format: 'int64', minimum: 0, maximum: 9007199254740991 })
  total: number;
}

/** The `{ data, meta }` answer of a list of `item`; extend it to name the page schema. */
export function PageOf<T>(item: Class<T>): Class<Page<T>> {
  class PageOfItems implements Page<T> {
    @ApiProperty({ type: [item], maxItems: MAX_PAGE_SIZE })
    data: T[];

    @ApiProperty({ type: PageMetaDto })
    meta: PageMetaDto;
  }
  Object.defineProperty(PageOfItems, 'name', { value: `PageOf${item.name}` });
  return PageOfItems;
}

export interface Page<T> {
  data: T[];
  meta: PageMetaDto;
}

export interface SortOrder {
  column: string;
  direction: 'ASC' | 'DESC';
}

/** Resolves `sort` against a per-entity allow-list of field → column; anything else is a 400. */
export function resolveSort(sort: string | undefined, allowed: Record<string, string>, fallback: string): SortOrder {
  const requested = sort ?? fallback;
  const descending = requested.startsWith('-');
  const field = descending ? requested.slice(1) : requested;
  const column = allowed[field];
  if (!column) {
    throw new ValidationFailedError([
      { field: 'sort', code: 'isIn', args: { property: 'sort', c0: Object.keys(allowed).join(', ') } },
    ]);
  }
  return { column, direction: descending ? 'DESC' : 'ASC' };
}

export function paging(query: ListQueryDto): { page: number; pageSize: number; offset: number } {
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? 25;
  return { page, pageSize, offset: (page - 1) * pageSize };
}

/**
 * A search term as a LIKE prefix: lower-cased, with LIKE's wildcards taken literally. Use
 * with `ESCAPE '!'` (a backslash means different things to MySQL and SQLite literals).
 */
export function likePrefix(term: string): string {
  return term
    .trim()
    .toLowerCase()
    .replace(/[!%_]/g, (c) => `!${c}`);
}
