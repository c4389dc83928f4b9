import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as ts from 'typescript';
import { DataSource, EntityMetadata } from 'typeorm';
import { SnakeNamingStrategy } from '@app/database/naming.strategy';

/**
 * The hand-written helper (`connection.select(Entity, rest, parameters, properties)`) takes
 * the WHERE, ORDER BY and LIMIT as SQL text: its column names are strings the compiler does
 * not check. This reads every call in src/ and checks each name in that text against the
 * entity's columns, so a renamed column fails here rather than in production.
 */

const ROOT = join(__dirname, '..', '..');
const SRC = join(ROOT, 'src');
const SQL_WORDS = new Set(['where', 'and', 'or', 'not', 'in', 'is', 'null', 'like', 'between', 'order', 'by']);
const MORE_SQL_WORDS = new Set(['asc', 'desc', 'limit', 'offset', 'for', 'update', 'true', 'false', 'escape']);

interface HandWrittenSelect {
  file: string;
  line: number;
  /** The entity class name, or the table name of an `EntityTarget` string constant. */
  target: string;
  sql: string[];
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** Every string piece under a node: literals, template heads and tails, both arms of a condition. */
function stringsUnder(node: ts.Node): string[] {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node.text];
  if (ts.isTemplateExpression(node)) return [node.head.text, ...node.templateSpans.map((span) => span.literal.text)];
  const found: string[] = [];
  node.forEachChild((child) => {
    found.push(...stringsUnder(child));
  });
  return found;
}

/** The string a `const NAME: EntityTarget<…> = 'table'` holds, when `name` is such a constant of the file. */
function constantString(file: ts.SourceFile, name: string): string | null {
  let value: string | null = null;
  const visit = (node: ts.Node) => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === name) {
      if (node.initializer && ts.isStringLiteral(node.initializer)) value = node.initializer.text;
    }
    node.forEachChild(visit);
  };
  visit(file);
  return value;
}

function handWrittenSelects(path: string): HandWrittenSelect[] {
  const text = readFileSync(path, 'utf8');
  if (!text.includes('.select(')) return [];
  const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const calls: HandWrittenSelect[] = [];
  const visit = (node: ts.Node) => {
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      node.expression.name.text === 'select' &&
      /connection$/.test(node.expression.expression.getText(file)) &&
      node.arguments.length >= 2 &&
      ts.isIdentifier(node.arguments[0])
    ) {
      const name = node.arguments[0].text;
      calls.push({
        file: relative(ROOT, path),
        line: file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1,
        target: constantString(file, name) ?? name,
        sql: stringsUnder(node.arguments[1]),
      });
    }
    node.forEachChild(visit);
  };
  visit(file);
  return calls;
}

/** The identifiers of SQL text that are neither keywords nor placeholders: the column names. */
function columnNames(sql: string): string[] {
  return (sql.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []).filter((word) => {
    const lower = word.toLowerCase();
    return !SQL_WORDS.has(lower) && !MORE_SQL_WORDS.has(lower);
  });
}

function entityFiles(dir: string): string[] {
  return sourceFiles(dir).filter((path) => path.endsWith('.entity.ts'));
}

describe('hand-written SQL of the select helper', () => {
  let dataSource: DataSource;
  const calls = sourceFiles(SRC).flatMap(handWrittenSelects);

  beforeAll(async () => {
    const modules = await Promise.all(entityFiles(SRC).map((path) => import(path) as Promise<Record<string, unknown>>));
    const entities = modules
      .flatMap((exports) => Object.values(exports))
      .filter((value): value is (...args: unknown[]) => unknown => typeof value === 'function');
    dataSource = new DataSource({
      type: 'better-sqlite3',
      database: ':memory:',
      entities,
      namingStrategy: new SnakeNamingStrategy(),
    });
    await dataSource.initialize();
  });

  afterAll(() => dataSource?.destroy());

  const metadataOf = (target: string): EntityMetadata | undefined =>
    dataSource.entityMetadatas.find((m) => m.name === target || m.tableName === target);

  it('finds the calls it checks', () => {
    expect(calls.length).toBeGreaterThanOrEqual(5);
  });

  it('names only columns of the entity it reads', () => {
    const unknown = calls.flatMap((call) => {
      const metadata = metadataOf(call.target);
      if (!metadata) return [`${call.file}:${call.line}: no entity ${call.target}`];
      const columns = new Set(metadata.columns.map((c) => c.databaseName));
      return call.sql
        .flatMap(columnNames)
        .filter((name) => !columns.has(name))
        .map((name) => `${call.file}:${call.line}: ${metadata.tableName} has no column ${name}`);
    });
    expect(unknown).toEqual([]);
  });

  it('would catch a misspelt column', () => {
    const metadata = metadataOf('Customer')!;
    const columns = new Set(metadata.columns.map((c) => c.databaseName));
    expect(
      columnNames('WHERE company_key = ? AND vat_kee = ? ORDER BY id ASC LIMIT 1').filter((n) => !columns.has(n)),
    ).toEqual(['vat_kee']);
  });
});
