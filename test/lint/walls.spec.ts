import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * The module-wall rules of eslint.config.mjs (scripts/eslint-walls.mjs), run against in-memory probe files.
 * ESLint 9 loads its flat config through a dynamic import, which Jest's CommonJS runtime cannot do, so
 * ESLint runs in child processes: once through the real CLI, and once with the same ESLint class the CLI
 * uses to lint every other probe in a single process.
 */

const ROOT = join(__dirname, '..', '..');
const ESLINT_CLI = join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js');

const FOREIGN_ENTITY = 'walls/no-foreign-entity-import';
const ORM_IN_CONTROLLER = 'walls/no-orm-in-controller';
const APP_IN_LIBS = 'walls/no-app-import-in-libs';
const ONE_MODULE = 'walls/one-module-per-folder';
const SQL = 'walls/sql-in-repositories';

interface LintMessage {
  ruleId: string | null;
  line: number;
  message: string;
  fatal?: boolean;
}

interface Probe {
  filePath: string;
  code: string;
}

const PROBES = {
  valueImport: {
    filePath: 'src/contacts/probe.service.ts',
    code: "import { Customer } from '../customers/customer.entity';\nexport const probe = Customer;\n",
  },
  typeImport: {
    filePath: 'src/contacts/probe.service.ts',
    code: "import type { Customer } from '../customers/customer.entity';\nexport type Probe = Customer;\n",
  },
  inlineTypeImport: {
    filePath: 'src/contacts/probe.service.ts',
    code: "import { type Customer } from '../customers/customer.entity';\nexport type Probe = Customer;\n",
  },
  mixedImport: {
    filePath: 'src/contacts/probe.service.ts',
    code: "import { CustomerAdmin, type CustomerGroupMember } from '../customers/customer-links.entity';\nexport const probe: [typeof CustomerAdmin, CustomerGroupMember?] = [CustomerAdmin];\n",
  },
  valueReExport: {
    filePath: 'src/groups/probe.ts',
    code: "export { Customer } from '../customers/customer.entity';\n",
  },
  typeReExport: {
    filePath: 'src/groups/probe.ts',
    code: "export type { Customer } from '../customers/customer.entity';\n",
  },
  entityToEntity: {
    filePath: 'src/contacts/probe.entity.ts',
    code: "import { Customer } from '../customers/customer.entity';\nexport const probe = Customer;\n",
  },
  sameModuleFromDto: {
    filePath: 'src/customers/dto/probe.dto.ts',
    code: "import { Customer } from '../customer.entity';\nexport const probe = Customer;\n",
  },
  controllerTypeorm: {
    filePath: 'src/contacts/probe.controller.ts',
    code: "import { DataSource } from 'typeorm';\nexport const probe = DataSource;\n",
  },
  controllerTypeOnlyOrm: {
    filePath: 'src/contacts/probe.controller.ts',
    code: "import type { Repository } from 'typeorm';\nimport { InjectRepository } from '@nestjs/typeorm';\nexport type Probe = Repository<object>;\nexport const probe = InjectRepository;\n",
  },
  serviceTypeorm: {
    filePath: 'src/contacts/probe.service.ts',
    code: "import { DataSource } from 'typeorm';\nexport const probe = DataSource;\n",
  },
  partOfOwner: {
    filePath: 'src/customer-transactions/probe.repository.ts',
    code: "import { Customer } from '../customers/customer.entity';\nexport const probe = Customer;\n",
  },
  reportsReadEverything: {
    filePath: 'src/reports/probe.repository.ts',
    code: "import { Invoice } from '../invoices/invoice.entity';\nexport const probe = Invoice;\n",
  },
  secondModule: {
    filePath: 'src/customers/probe.module.ts',
    code: "import { Module } from '@nestjs/common';\n@Module({})\nexport class ProbeModule {}\n",
  },
  firstModule: {
    filePath: 'src/probe-folder-of-its-own/probe.module.ts',
    code: "import { Module } from '@nestjs/common';\n@Module({})\nexport class ProbeModule {}\n",
  },
  serviceQueries: {
    filePath: 'src/contacts/probe.service.ts',
    code: [
      'export class Probe {',
      '  constructor(private readonly connection: any) {}',
      '  a() { return this.connection.getRepository(Object).find(); }',
      "  b() { return this.connection.manager.query('SELECT 1'); }",
      "  c() { return this.connection.select(Object, 'WHERE 1 = 1', []); }",
      '  d(repo: any) { return repo.createQueryBuilder().getMany(); }',
      '}',
      '',
    ].join('\n'),
  },
  repositoryQueries: {
    filePath: 'src/contacts/probe.repository.ts',
    code: [
      "import { Repository } from 'typeorm';",
      'export class Probe {',
      '  constructor(private readonly connection: any, readonly repo: Repository<object>) {}',
      '  a() { return this.connection.getRepository(Object).find(); }',
      "  b() { return this.connection.manager.query('SELECT 1'); }",
      "  c() { return this.connection.select(Object, 'WHERE 1 = 1', []); }",
      '}',
      '',
    ].join('\n'),
  },
  managerParameter: {
    filePath: 'src/contacts/probe.repository.ts',
    code: 'export const probe = (connection: any) => connection.transaction(async (manager: any) => manager);\n',
  },
  ambientTransaction: {
    filePath: 'src/contacts/probe.service.ts',
    code: 'export const probe = (connection: any, work: () => Promise<void>) => connection.transaction(async () => work());\n',
  },
  libsImportsApp: {
    filePath: 'libs/common/src/probe.ts',
    code: "import { CustomersService } from '../../../src/customers/customers.service';\nexport const probe = CustomersService;\n",
  },
  libsImportsLibs: {
    filePath: 'libs/common/src/probe.ts',
    code: "import { DatabaseModule } from '@app/database';\nimport { uuidv7 } from './ids';\nexport const probe = [DatabaseModule, uuidv7];\n",
  },
} satisfies Record<string, Probe>;

type ProbeName = keyof typeof PROBES;

/** Lints every probe in one child process; stdin carries the probes, stdout the messages per probe. */
const BATCH_SCRIPT = `
import { ESLint } from 'eslint';
let input = '';
for await (const chunk of process.stdin) input += chunk;
const eslint = new ESLint();
const results = {};
for (const [name, { filePath, code }] of Object.entries(JSON.parse(input))) {
  const [result] = await eslint.lintText(code, { filePath });
  results[name] = result.messages.map(({ ruleId, line, message, fatal }) => ({ ruleId, line, message, fatal }));
}
process.stdout.write(JSON.stringify(results));
`;

function lintBatch(): Record<ProbeName, LintMessage[]> {
  const stdout = execFileSync(process.execPath, ['--input-type=module', '-e', BATCH_SCRIPT], {
    cwd: ROOT,
    input: JSON.stringify(PROBES),
    encoding: 'utf8',
  });
  return JSON.parse(stdout);
}

/** The real CLI on stdin; it exits 1 when it reports errors, so the report is read from the failure too. */
function lintWithCli({ filePath, code }: Probe): { exitCode: number; messages: LintMessage[] } {
  const args = [ESLINT_CLI, '--format', 'json', '--stdin', '--stdin-filename', filePath];
  let exitCode = 0;
  let stdout: string;
  try {
    stdout = execFileSync(process.execPath, args, { cwd: ROOT, input: code, encoding: 'utf8' });
  } catch (error) {
    const failure = error as { status: number | null; stdout: string };
    exitCode = failure.status ?? -1;
    stdout = failure.stdout;
  }
  const [result] = JSON.parse(stdout) as { messages: LintMessage[] }[];
  return { exitCode, messages: result.messages };
}

describe('module walls (eslint)', () => {
  let linted: Record<ProbeName, LintMessage[]>;

  const rulesFor = (name: ProbeName): (string | null)[] => linted[name].map((m) => m.ruleId);
  const messageOf = (name: ProbeName, ruleId: string): string =>
    linted[name].find((m) => m.ruleId === ruleId)?.message ?? '';

  beforeAll(() => {
    linted = lintBatch();
  });

  it('lints every probe without a parse failure', () => {
    for (const name of Object.keys(PROBES) as ProbeName[]) {
      expect({ name, fatal: linted[name].filter((m) => m.fatal) }).toEqual({ name, fatal: [] });
    }
  });

  it('fails the CLI when a service imports a value from another module entity', () => {
    const { exitCode, messages } = lintWithCli(PROBES.valueImport);

    expect(exitCode).toBe(1);
    expect(messages).toEqual([
      expect.objectContaining({
        ruleId: FOREIGN_ENTITY,
        line: 1,
        message: expect.stringContaining('src/customers/customer.entity'),
      }),
    ]);
    expect(messages[0].message).toContain("Use that module's exported service");
  });

  it('reports a value import of another module entity, also next to type-only specifiers', () => {
    expect(rulesFor('valueImport')).toContain(FOREIGN_ENTITY);
    expect(rulesFor('mixedImport')).toContain(FOREIGN_ENTITY);
  });

  it('allows type-only imports of another module entity', () => {
    expect(rulesFor('typeImport')).not.toContain(FOREIGN_ENTITY);
    expect(rulesFor('inlineTypeImport')).not.toContain(FOREIGN_ENTITY);
  });

  it('covers re-exports the same way', () => {
    expect(rulesFor('valueReExport')).toContain(FOREIGN_ENTITY);
    expect(rulesFor('typeReExport')).not.toContain(FOREIGN_ENTITY);
  });

  it('lets entity files reference entities of other modules', () => {
    expect(rulesFor('entityToEntity')).not.toContain(FOREIGN_ENTITY);
  });

  it('allows entity imports inside the same module, from subfolders too', () => {
    expect(rulesFor('sameModuleFromDto')).not.toContain(FOREIGN_ENTITY);
  });

  it('keeps controllers off typeorm and @nestjs/typeorm, type imports included', () => {
    const ormRules = (name: ProbeName) => rulesFor(name).filter((rule) => rule === ORM_IN_CONTROLLER);
    expect(ormRules('controllerTypeorm')).toEqual([ORM_IN_CONTROLLER]);
    expect(messageOf('controllerTypeorm', ORM_IN_CONTROLLER)).toContain("'typeorm'");
    expect(ormRules('controllerTypeOnlyOrm')).toEqual([ORM_IN_CONTROLLER, ORM_IN_CONTROLLER]);
    expect(rulesFor('serviceTypeorm')).not.toContain(ORM_IN_CONTROLLER);
  });

  it("lets a module that is a part of another's tables, and reports, use that module's entities", () => {
    expect(rulesFor('partOfOwner')).not.toContain(FOREIGN_ENTITY);
    expect(rulesFor('reportsReadEverything')).not.toContain(FOREIGN_ENTITY);
  });

  it('allows one @Module per folder', () => {
    expect(rulesFor('secondModule')).toEqual([ONE_MODULE]);
    expect(messageOf('secondModule', ONE_MODULE)).toContain('customers.module.ts');
    expect(rulesFor('firstModule')).toEqual([]);
  });

  it('keeps queries in repository files', () => {
    expect(rulesFor('serviceTypeorm')).toContain(SQL);
    expect(linted.serviceQueries.filter((m) => m.ruleId === SQL).map((m) => m.line)).toEqual([3, 4, 4, 5, 6]);
    expect(rulesFor('repositoryQueries')).toEqual([]);
  });

  it('joins transactions in the ambient way only', () => {
    expect(rulesFor('managerParameter')).toEqual([SQL]);
    expect(messageOf('managerParameter', SQL)).toContain('ambient');
    expect(rulesFor('ambientTransaction')).toEqual([]);
  });

  it('keeps libs/ off src/', () => {
    expect(rulesFor('libsImportsApp')).toEqual([APP_IN_LIBS]);
    expect(messageOf('libsImportsApp', APP_IN_LIBS)).toContain('src/customers/customers.service');
    expect(rulesFor('libsImportsLibs')).not.toContain(APP_IN_LIBS);
  });
});
