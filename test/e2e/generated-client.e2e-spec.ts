import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import * as ts from 'typescript';
import { given } from '../factories/given';
import { TestApp, startTestApp } from '../helpers/test-app';

/**
 * A front-end developer generates types from `/docs-json` with openapi-typescript and
 * writes a client with `fetch` and those types only. This spec does exactly that: it
 * generates `api.ts` from the served document, type-checks the client
 * (`test/client/client.ts`), the requests it sends (`example.ts`) and the exact type
 * expectations (`expectations.ts`) against it in strict mode, then runs that same client
 * and those requests, transpiled, against the application.
 */

const TEMPLATE_DIR = join(__dirname, '..', 'client');
const TEMPLATES = ['client.ts', 'example.ts', 'expectations.ts'];

type Schema = Record<string, any>;

/** The TypeScript a front-end build would use: strict, DOM `fetch`, no Node or Jest types. */
const COMPILER_OPTIONS: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  noUnusedLocals: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
  types: [],
  skipLibCheck: true,
};

async function generateTypes(document: unknown, dir: string, options: { defaultNonNullable: boolean }): Promise<void> {
  const ast = await openapiTS(JSON.stringify(document), { ...options, silent: true });
  writeFileSync(join(dir, 'api.ts'), astToString(ast));
}

/** One compiler host for every check, parsing TypeScript's own lib files once. */
const host = ts.createCompilerHost(COMPILER_OPTIONS);
const libLocation = dirname(ts.getDefaultLibFilePath(COMPILER_OPTIONS));
const libFiles = new Map<string, ts.SourceFile | undefined>();
const readSourceFile = host.getSourceFile.bind(host);
host.getSourceFile = (fileName, language, ...rest) => {
  if (!fileName.startsWith(libLocation)) return readSourceFile(fileName, language, ...rest);
  if (!libFiles.has(fileName)) libFiles.set(fileName, readSourceFile(fileName, language, ...rest));
  return libFiles.get(fileName);
};

/** Every compiler diagnostic of the files, one per line with file and position; empty when they compile. */
function typeCheck(dir: string, files: string[]): string {
  const program = ts.createProgram(
    files.map((file) => join(dir, file)),
    COMPILER_OPTIONS,
    host,
  );
  const diagnostics = ts.getPreEmitDiagnostics(program);
  return ts.formatDiagnostics(diagnostics, {
    getCanonicalFileName: (name) => name,
    getCurrentDirectory: () => dir,
    getNewLine: () => '\n',
  });
}

/** Casts and escapes the client must not need: `as`, `<T>x`, `x!`, `any`, `@ts-` comments. */
function castsIn(file: string): string[] {
  const source = ts.createSourceFile(file, ts.sys.readFile(file) ?? '', ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  const at = (node: ts.Node) => `${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  const visit = (node: ts.Node): void => {
    if (ts.isAsExpression(node) || ts.isTypeAssertionExpression(node)) found.push(`cast on line ${at(node)}`);
    if (ts.isNonNullExpression(node)) found.push(`non-null assertion on line ${at(node)}`);
    if (node.kind === ts.SyntaxKind.AnyKeyword) found.push(`any on line ${at(node)}`);
    ts.forEachChild(node, visit);
  };
  visit(source);
  if (/@ts-(ignore|expect-error|nocheck)/.test(source.text)) found.push('@ts- directive');
  return found;
}

/**
 * Where a body departs from its schema in the served document: a required property
 * missing, a property the schema does not declare (the generated type cannot reach it),
 * a value of another type, or a value outside its enum.
 */
function departures(doc: Schema, schema: Schema, value: unknown, path = '$'): string[] {
  if (schema.$ref) return departures(doc, doc.components.schemas[schema.$ref.split('/').pop()], value, path);
  if (value === null) return schema.nullable ? [] : [`${path}: null, not nullable`];
  const alternatives: Schema[] | undefined = schema.oneOf ?? schema.anyOf;
  if (alternatives) {
    const each = alternatives.map((alternative) => departures(doc, alternative, value, path));
    return each.some((found) => found.length === 0) ? [] : each.flat();
  }
  if (schema.allOf) return schema.allOf.flatMap((part: Schema) => departures(doc, part, value, path));
  if (schema.enum && !schema.enum.includes(value)) return [`${path}: ${JSON.stringify(value)} not in its enum`];
  const type = Array.isArray(value) ? 'array' : typeof value;
  const expected = schema.type === 'integer' ? 'number' : schema.type;
  if (expected && expected !== type) return [`${path}: ${type}, documented ${schema.type}`];
  if (type === 'array')
    return (value as unknown[]).flatMap((item, i) => departures(doc, schema.items, item, `${path}[${i}]`));
  if (type !== 'object') return [];
  const body = value as Record<string, unknown>;
  const properties: Schema = schema.properties ?? {};
  return [
    ...(schema.required ?? [])
      .filter((name: string) => !(name in body))
      .map((name: string) => `${path}.${name}: required, missing`),
    ...Object.keys(body)
      .filter((name) => !(name in properties))
      .map((name) => `${path}.${name}: not in the schema`),
    ...Object.keys(body)
      .filter((name) => name in properties)
      .flatMap((name) => departures(doc, properties[name], body[name], `${path}.${name}`)),
  ];
}

describe('A client generated from /docs-json', () => {
  let t: TestApp;
  let doc: Schema;
  let dir: string;
  let plainDir: string;

  beforeAll(async () => {
    t = await startTestApp();
    doc = (await t.get('/docs-json')).body;
    dir = mkdtempSync(join(tmpdir(), 'crm-client-'));
    plainDir = mkdtempSync(join(tmpdir(), 'crm-client-defaults-'));
    for (const file of TEMPLATES) copyFileSync(join(TEMPLATE_DIR, file), join(dir, file));
    await Promise.all([
      generateTypes(doc, dir, { defaultNonNullable: false }),
      generateTypes(doc, plainDir, { defaultNonNullable: true }),
    ]);
  });
  afterAll(async () => {
    await t?.close();
    for (const folder of [dir, plainDir]) if (folder) rmSync(folder, { recursive: true, force: true });
  });

  /** Where an answer departs from the schema the document gives it for that operation and status. */
  const undocumented = (path: string, method: string, status: number, body: unknown): string[] => {
    const content: Schema = doc.paths[path][method].responses[String(status)]?.content ?? {};
    const schema = (content['application/json'] ?? content['application/problem+json'])?.schema;
    return schema ? departures(doc, schema, body) : [`${method} ${path} ${status}: no schema`];
  };

  it('uses no casts, any or non-null assertions', () => {
    for (const file of TEMPLATES)
      expect({ file, casts: castsIn(join(TEMPLATE_DIR, file)) }).toEqual({ file, casts: [] });
  });

  it('compiles in strict mode against the generated types, which are exactly what it relies on', () => {
    expect(typeCheck(dir, TEMPLATES)).toBe('');
  });

  /** The template compiled to CommonJS next to the generated types, and loaded. */
  const load = async (file: string): Promise<any> => {
    const { outputText } = ts.transpileModule(ts.sys.readFile(join(TEMPLATE_DIR, file)) ?? '', {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
    });
    const js = join(dir, file.replace(/\.ts$/, '.js'));
    writeFileSync(js, outputText);
    return import(js);
  };

  it('signs in, creates a customer, reads it back and reads refusals through the generated types', async () => {
    const { CustomersClient, customerLabel, formatAddress } = await load('client.ts');
    const { credentials, newCustomer, invalidCustomer, duplicateCustomer } = await load('example.ts');
    const admin = await given(t).admin();
    const client = new CustomersClient(t.baseUrl);

    // Sign in: a wrong password is a 401, the right one a token pair.
    const refused = await client.login(credentials(admin.email, 'not-the-password'));
    expect(refused).toMatchObject({ ok: false, status: 401, problem: { status: 401, code: 'INVALID_CREDENTIALS' } });
    expect(undocumented('/api/v1/auth/login', 'post', 401, refused.problem)).toEqual([]);
    const login = await client.login(credentials(admin.email, admin.password));
    expect(login).toMatchObject({ ok: true, status: 200, data: { tokenType: 'Bearer' } });
    expect(undocumented('/api/v1/auth/login', 'post', 200, login.data)).toEqual([]);

    // Create with text, three addresses and a primary contact.
    const created = await client.createCustomer(newCustomer);
    expect(created.kind).toBe('created');
    expect(undocumented('/api/v1/customers', 'post', 201, created.customer)).toEqual([]);
    const { primaryContact: contact, ...createdCustomer } = created.customer;
    expect({ ...contact, permissions: [...contact.permissions].sort() }).toEqual({
      id: expect.any(String),
      email: newCustomer.primaryContact.email,
      permissions: [...newCustomer.portalPermissions].sort(),
    });

    // Read it back: every field as sent, and as the create answered.
    const read = await client.getCustomer(created.customer.id);
    expect(read).toMatchObject({ ok: true, status: 200 });
    expect(undocumented('/api/v1/customers/{id}', 'get', 200, read.data)).toEqual([]);
    expect(read.data).toEqual(createdCustomer);
    expect(read.data).toEqual({
      id: created.customer.id,
      company: newCustomer.company,
      vat: newCustomer.vat,
      phone: newCustomer.phone,
      website: newCustomer.website,
      address: newCustomer.address,
      billingAddress: newCustomer.billingAddress,
      shippingAddress: newCustomer.shippingAddress,
      currency: null,
      language: 'de',
      groupIds: [],
      active: true,
      version: 1,
      transactionCount: 0,
      createdAt: expect.any(String),
      createdBy: admin.staff.id,
      updatedAt: expect.any(String),
    });
    expect(customerLabel(read.data)).toBe('Müller & Söhne GmbH (DE123456789)');
    expect(formatAddress(read.data.billingAddress)).toBe('Postfach 12 34, 20095 Hamburg, DE');
    expect(formatAddress(read.data.shippingAddress)).toBe('Lagerweg 7, 1010 Wien, AT');

    // A create the types accept and the server refuses: a 400 listing every failing field.
    const invalid = await client.createCustomer(invalidCustomer);
    expect(invalid.kind).toBe('invalid');
    expect(invalid.problem).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect(undocumented('/api/v1/customers', 'post', 400, invalid.problem)).toEqual([]);
    expect([...new Set(invalid.fields)].sort()).toEqual(['company', 'phone', 'primaryContact.email']);

    // The same VAT number again: a 409 through the general problem type.
    const duplicate = await client.createCustomer(duplicateCustomer);
    expect(duplicate.kind).toBe('refused');
    expect(duplicate.problem).toMatchObject({ status: 409, code: 'CUSTOMER_DUPLICATE' });

    // A customer that does not exist: a 404.
    const missing = await client.getCustomer('0190f5f2-0000-7000-8000-000000000000');
    expect(missing).toMatchObject({ ok: false, status: 404, problem: { status: 404, code: 'NOT_FOUND' } });
    expect(undocumented('/api/v1/customers/{id}', 'get', 404, missing.problem)).toEqual([]);
  });

  // A duplicate's problem details carry `matchedOn` and `duplicates` (id, company, matchedOn of
  // each likely duplicate): the 409 schema declares them, so a client shows them, or offers
  // `force: true`, without a cast.
  it("answers a duplicate with members the 409's schema declares", async () => {
    const token = await (await given(t).admin()).token();
    await t.post('customers', { company: 'First', vat: 'ATU12345678' }, { token });
    const res = await t.post('customers', { company: 'Second', vat: 'ATU12345678' }, { token });
    expect(res.body).toMatchObject({ status: 409, code: 'CUSTOMER_DUPLICATE' });
    expect(undocumented('/api/v1/customers', 'post', 409, res.body)).toEqual([]);
  });

  // PATCH properties carry no `default` (the server leaves what a PATCH omits unchanged), so even
  // with openapi-typescript's default options (defaultNonNullable) a rename sends only `company`.
  it('with the generator defaults, a PATCH may send only what it changes', () => {
    writeFileSync(
      join(plainDir, 'patch.ts'),
      [
        "import type { paths } from './api';",
        "type Patch = paths['/api/v1/customers/{id}']['patch']['requestBody']['content']['application/json'];",
        "export const rename: Patch = { company: 'New name' };",
        '',
      ].join('\n'),
    );
    expect(typeCheck(plainDir, ['patch.ts'])).toBe('');
  });
});
