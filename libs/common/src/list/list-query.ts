import { Type as Class, applyDecorators } from '@nestjs/common';
import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, TransformFnParams } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { ValidationFailedError } from '../errors/domain-error';
import { TextField } from '../text-field';

export const MAX_PAGE_SIZE = 100;

/** A query integer written in plain decimal digits; anything else (`0x10`, `1e3`, ` 7`) stays text and fails. */
const decimalInteger = ({ value }: TransformFnParams): unknown =>
  typeof value === 'string' && /^[0-9]{1,9}$/.test(value) ? Number(value) : value;

/** `?page=&pageSize=`: what every list accepts; lists that search or sort extend `SortedListQuery(...)`. */
export class PageQueryDto {
  @ApiPropertyOptional({
    type: 'integer',
    format: 'int32',
    minimum: 1,
    maximum: 100000,
    default: 1,
    description: 'The page to answer, from 1',
  })
  @IsOptional()
  @Transform(decimalInteger)
  @IsInt()
  @Min(1)
  @Max(100000)
  page?: number;

  @ApiPropertyOptional({
    type: 'integer',
    format: 'int32',
    minimum: 1,
    maximum: MAX_PAGE_SIZE,
    default: 25,
    description: `Items per page, at most ${MAX_PAGE_SIZE}`,
  })
  @IsOptional()
  @Transform(decimalInteger)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  pageSize?: number;
}

/** `?page=&pageSize=&q=`: a list that searches. */
export class SearchQueryDto extends PageQueryDto {
  @TextField({ max: 200, optional: true, multiline: true, description: 'Search: matches words by prefix' })
  q?: string;
}

/** What `page()` reads of a list's query: paging, and the sort when the list has one. */
export type ListQuery = PageQueryDto & { sort?: string };

/**
 * The query of a list that sorts by these fields (`-field` descending) and, unless told
 * otherwise, searches by `q`; extend it with the list's filters. Each value is documented,
 * and any other sort is a 400.
 */
export function SortedListQuery(
  fields: readonly string[],
  defaultSort: string,
  options: { search?: boolean } = {},
): Class<PageQueryDto & { q?: string; sort?: string }> {
  const values = fields.flatMap((field) => [field, `-${field}`]);
  class SortedList extends (options.search === false ? PageQueryDto : SearchQueryDto) {
    @ApiPropertyOptional({
      enum: values,
      default: defaultSort,
      description: `Sort by ${fields.join(', ')}; a leading \`-\` sorts descending`,
    })
    @IsOptional()
    @IsIn(values)
    sort?: string;
  }
  return SortedList;
}

const ACTIVE_CHOICES = ['true', 'false', 'all'] as const;
export type ActiveChoice = (typeof ACTIVE_CHOICES)[number];

/** The `active` filter of a list: `true`, `false` or `all`, with the list's own default. */
export function ActiveFilter(defaultChoice: 'true' | 'all', what: string): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      enum: ACTIVE_CHOICES,
      default: defaultChoice,
      description:
        defaultChoice === 'true'
          ? `Active ${what} (the default), inactive ones, or all`
          : `Active ${what}, inactive ones, or all (the default)`,
    }),
    IsOptional(),
    IsIn(ACTIVE_CHOICES),
  );
}

/** Restricts a list to active or inactive rows; `all` (or its default `all`) leaves it whole. */
export function whereActive<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  column: string,
  choice: ActiveChoice,
): SelectQueryBuilder<T> {
  return choice === 'all' ? qb : qb.andWhere(`${column} = :active`, { active: choice === 'true' });
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

export function paging(query: PageQueryDto): { page: number; pageSize: number; offset: number } {
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? 25;
  return { page, pageSize, offset: (page - 1) * pageSize };
}

export interface PageOptions {
  /** The sorts a list offers, field → column; any other `?sort=` is a 400. */
  sortable?: Record<string, string>;
  /** The sort without `?sort=`: a key of `sortable`, `-` first for descending. */
  defaultSort?: string;
  /** A unique column ordered last, so that pages never overlap or skip a row. */
  tieBreaker: string;
  /** The direction of the tie-breaker when the list has no sort of its own (newest first: DESC). */
  direction?: 'ASC' | 'DESC';
  /**
   * Page the keys first (the tie-breaker, which must then be the primary key), then load
   * those rows: the sort reads an index only, never whole rows, however deep the page.
   */
  keysFirst?: boolean;
  /**
   * Answer the raw rows the query selects (an aggregate, a derived table) instead of
   * entities; the total counts the rows of the whole query.
   */
  raw?: boolean;
}

/**
 * The one list function: pages a filtered query by `?page=&pageSize=` in the order of
 * `?sort=` (from the list's allow-list) and answers `{ data, meta }` with the real total.
 */
export async function page<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  query: ListQuery,
  options: PageOptions,
): Promise<Page<T>> {
  const { page, pageSize, offset } = paging(query);
  const ordered = qb.clone();
  let direction = options.direction ?? 'ASC';
  if (options.sortable) {
    const order = resolveSort(query.sort, options.sortable, options.defaultSort ?? Object.keys(options.sortable)[0]);
    ordered.orderBy(order.column, order.direction);
    direction = order.direction;
  }
  ordered.addOrderBy(options.tieBreaker, direction).offset(offset).limit(pageSize);
  const meta = (total: number) => ({ page, pageSize, total });
  if (options.raw) {
    const counted = qb
      .createQueryBuilder()
      .select('COUNT(1)', 'total')
      .from(`(${qb.getQuery()})`, 'counted')
      .setParameters(qb.getParameters());
    const [data, count] = await Promise.all([ordered.getRawMany<T>(), counted.getRawOne<{ total: unknown }>()]);
    return { data, meta: meta(Number(count?.total ?? 0)) };
  }
  if (!options.keysFirst) {
    const [data, total] = await ordered.getManyAndCount();
    return { data, meta: meta(total) };
  }
  // The page's keys in a derived table, its rows joined to them by primary key: one
  // statement that sorts an index only, however deep the page, and reads 50 rows, not more.
  const alias = qb.alias;
  const keys = ordered.select(options.tieBreaker, 'pageKey');
  const rows = qb.connection
    .getRepository<T>(qb.expressionMap.mainAlias!.metadata.target)
    .createQueryBuilder(alias)
    .innerJoin(`(${keys.getQuery()})`, 'page_keys', `page_keys.pageKey = ${options.tieBreaker}`)
    .setParameters(keys.getParameters());
  for (const [column, order] of Object.entries(ordered.expressionMap.orderBys)) {
    rows.addOrderBy(column, typeof order === 'string' ? order : order.order);
  }
  const [data, total] = await Promise.all([rows.getMany(), qb.getCount()]);
  return { data, meta: meta(total) };
}

/** A page whose rows are mapped to their answer shape. */
export function mapPage<T, R>(result: Page<T>, map: (row: T) => R): Page<R> {
  return { data: result.data.map(map), meta: result.meta };
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
