/**
 * Module walls, checked by ESLint.
 *
 * - no-foreign-entity-import: a file in src/<A>/ may not import a value from an entity file (*.entity.ts)
 *   anywhere under src/<B>/, B != A. Type-only imports stay allowed, and entity files may reference each
 *   other for relations.
 * - no-orm-in-controller: *.controller.ts files may not import typeorm or @nestjs/typeorm at all.
 * - no-app-import-in-libs: files under libs/ may not import anything from src/.
 * - one-module-per-folder: a folder holds at most one class decorated with @Module (a folder is a module).
 * - sql-in-repositories: inside a module folder of src/, only `*.repository.ts` files reach the database:
 *   elsewhere (entities and module files aside) no typeorm import, no repository, query builder, raw query,
 *   entity manager or data source, and a transaction is joined only in the ambient way (a callback that
 *   takes no manager).
 *
 * Relative specifiers are resolved against the linted file; bare `src/...` specifiers (reachable through
 * the tsconfig baseUrl) against the project root. Other bare specifiers and aliases are left alone.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SRC = path.join(ROOT, 'src');
const LIBS = path.join(ROOT, 'libs');

const ENTITY_FILE = /\.entity(\.[cm]?[jt]s)?$/;
const CONTROLLER_FILE = /\.controller\.[cm]?[jt]s$/;
const ORM_PACKAGE = /^(typeorm|@nestjs\/typeorm)(\/|$)/;

/** Path of `target` inside `dir` as folder names, or null when it lies outside. */
function partsInside(dir, target) {
  const rel = path.relative(dir, target);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return null;
  return rel.split(path.sep);
}

/** Project-relative, forward-slash path for messages. */
function display(file) {
  return path.relative(ROOT, file).split(path.sep).join('/');
}

/** Absolute path an import specifier points at, or null for packages and aliases. */
function resolveSpecifier(specifier, importer) {
  if (specifier === '.' || specifier === '..' || specifier.startsWith('./') || specifier.startsWith('../')) {
    return path.resolve(path.dirname(importer), specifier);
  }
  if (specifier === 'src' || specifier.startsWith('src/')) return path.resolve(ROOT, specifier);
  return null;
}

const allTypeOnly = (specifiers, kind) => specifiers.length > 0 && specifiers.every((s) => s[kind] === 'type');

/**
 * Visitor that calls `check(node, specifier, typeOnly)` for every static module reference:
 * imports, re-exports, `import x = require()`, `require()`, `import()` and `import('x').T` types.
 */
function moduleReferences(check) {
  const literal = (node) => (node && node.type === 'Literal' && typeof node.value === 'string' ? node.value : null);
  const visit = (source, typeOnly) => {
    const specifier = literal(source);
    if (specifier !== null) check(source, specifier, typeOnly);
  };
  return {
    ImportDeclaration(node) {
      const typeOnly =
        node.importKind === 'type' ||
        (node.specifiers.every((s) => s.type === 'ImportSpecifier') && allTypeOnly(node.specifiers, 'importKind'));
      visit(node.source, typeOnly);
    },
    ExportNamedDeclaration(node) {
      if (!node.source) return;
      visit(node.source, node.exportKind === 'type' || allTypeOnly(node.specifiers, 'exportKind'));
    },
    ExportAllDeclaration(node) {
      visit(node.source, node.exportKind === 'type');
    },
    TSImportEqualsDeclaration(node) {
      if (node.moduleReference.type !== 'TSExternalModuleReference') return;
      visit(node.moduleReference.expression, node.importKind === 'type');
    },
    ImportExpression(node) {
      visit(node.source, false);
    },
    CallExpression(node) {
      if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments.length === 1) {
        visit(node.arguments[0], false);
      }
    },
    TSImportType(node) {
      visit(node.source ?? node.argument?.literal, true);
    },
  };
}

/**
 * Modules that are parts of another module's tables, each in a folder of its own so that
 * the module graph has no cycle: they may use the owner's entities. `reports` reads every
 * module's tables (and writes none).
 */
const PART_OF = new Map([
  ['customer-transactions', 'customers'],
  ['customer-contacts', 'customers'],
  ['contact-recipients', 'contacts'],
]);
const READS_EVERY_TABLE = new Set(['reports']);

/** Whether files of module `importer` may use the entities of module `owner` as values. */
function mayUseEntitiesOf(importer, owner) {
  return importer === owner || PART_OF.get(importer) === owner || READS_EVERY_TABLE.has(importer);
}

const noForeignEntityImport = {
  meta: {
    type: 'problem',
    docs: { description: "Forbid value imports of another src/ module's entity files" },
    schema: [],
    messages: {
      foreignEntity:
        "{{target}} is the '{{owner}}' module's entity and cannot be imported as a value from the '{{importer}}' module. " +
        "Use that module's exported service instead (or `import type` when only the type is needed).",
    },
  },
  create(context) {
    const filename = context.filename;
    const importerParts = partsInside(SRC, filename);
    if (!importerParts || importerParts.length < 2 || ENTITY_FILE.test(filename)) return {};
    const importerModule = importerParts[0];
    return moduleReferences((node, specifier, typeOnly) => {
      if (typeOnly) return;
      const target = resolveSpecifier(specifier, filename);
      if (!target || !ENTITY_FILE.test(target)) return;
      const targetParts = partsInside(SRC, target);
      if (!targetParts || targetParts.length < 2 || mayUseEntitiesOf(importerModule, targetParts[0])) return;
      context.report({
        node,
        messageId: 'foreignEntity',
        data: { target: display(target), owner: targetParts[0], importer: importerModule },
      });
    });
  },
};

const noOrmInController = {
  meta: {
    type: 'problem',
    docs: { description: 'Forbid typeorm and @nestjs/typeorm imports (value or type) in controllers' },
    schema: [],
    messages: {
      ormInController:
        "Controllers must not touch the ORM, but this one imports '{{specifier}}'. " +
        'Move the data access into a service of the module and call that service.',
    },
  },
  create(context) {
    if (!CONTROLLER_FILE.test(context.filename)) return {};
    return moduleReferences((node, specifier) => {
      if (ORM_PACKAGE.test(specifier)) context.report({ node, messageId: 'ormInController', data: { specifier } });
    });
  },
};

const noAppImportInLibs = {
  meta: {
    type: 'problem',
    docs: { description: 'Forbid imports from src/ in libs/' },
    schema: [],
    messages: {
      appInLibs:
        "libs/ must not depend on the application: '{{specifier}}' resolves to {{target}}. " +
        'Move the shared code into libs/, or let the application pass it in (provider, option or callback).',
    },
  },
  create(context) {
    if (!partsInside(LIBS, context.filename)) return {};
    return moduleReferences((node, specifier) => {
      const target = resolveSpecifier(specifier, context.filename);
      if (target && (target === SRC || partsInside(SRC, target))) {
        context.report({ node, messageId: 'appInLibs', data: { specifier, target: display(target) } });
      }
    });
  },
};

const MODULE_DECORATOR = /@Module\(/;
const SOURCE_FILE = /\.[cm]?ts$/;

/** Whether a class declaration carries Nest's `@Module(...)`. */
function isModuleClass(node) {
  return (node.decorators ?? []).some((d) => {
    const callee = d.expression.type === 'CallExpression' ? d.expression.callee : d.expression;
    return callee.type === 'Identifier' && callee.name === 'Module';
  });
}

const oneModulePerFolder = {
  meta: {
    type: 'problem',
    docs: { description: 'A folder holds at most one @Module (a folder is a module)' },
    schema: [],
    messages: {
      secondModule:
        '{{folder}} holds another @Module in {{other}}: a folder is a module. ' +
        "Give this module a folder of its own, or make its providers part of the folder's module.",
    },
  },
  create(context) {
    const filename = context.filename;
    return {
      ClassDeclaration(node) {
        if (!isModuleClass(node)) return;
        const folder = path.dirname(filename);
        let others = [];
        try {
          others = fs
            .readdirSync(folder)
            .filter((name) => SOURCE_FILE.test(name) && path.join(folder, name) !== filename)
            .filter((name) => MODULE_DECORATOR.test(fs.readFileSync(path.join(folder, name), 'utf8')));
        } catch {
          return;
        }
        if (others.length > 0) {
          context.report({
            node,
            messageId: 'secondModule',
            data: { folder: display(folder), other: others.join(', ') },
          });
        }
      },
    };
  },
};

/** Files of a module folder that may reach the database or the ORM directly. */
const DATABASE_FILE = /\.(entity|module)\.[cm]?ts$|\.spec\.[cm]?ts$/;
const ORM_CALLS = new Set(['getRepository', 'createQueryBuilder', 'query']);
const ORM_MEMBERS = new Set(['manager', 'dataSource']);
const HAND_WRITTEN_SQL = new Set(['select', 'insert']);

/** The last name of an expression: `connection` for `this.connection`, `tx` for `tx`. */
function lastName(node) {
  if (node.type === 'Identifier') return node.name;
  if (node.type === 'MemberExpression' && !node.computed && node.property.type === 'Identifier')
    return node.property.name;
  return null;
}

const sqlInRepositories = {
  meta: {
    type: 'problem',
    docs: { description: "A module's SQL lives in its *.repository.ts files; transactions are joined ambiently" },
    schema: [],
    messages: {
      ormImport:
        "'{{specifier}}' is imported outside a repository file. A module's queries live in its *.repository.ts " +
        'files; services hold the rules and call the repository.',
      ormCall:
        "`{{name}}` reaches the database outside a repository file. Move the query into the module's " +
        '*.repository.ts and call it from here.',
      managerParameter:
        'A transaction is joined in one way: the ambient one. Write `transaction(async () => ...)` and let the ' +
        'repositories reach the current transaction through TransactionalConnection, instead of passing a manager.',
    },
  },
  create(context) {
    const filename = context.filename;
    const parts = partsInside(SRC, filename);
    if (!parts || parts.length < 2 || DATABASE_FILE.test(filename)) return {};
    const repository = /\.repository\.[cm]?ts$/.test(filename);
    const references = moduleReferences((node, specifier) => {
      if (!repository && ORM_PACKAGE.test(specifier)) {
        context.report({ node, messageId: 'ormImport', data: { specifier } });
      }
    });
    return {
      ...references,
      CallExpression(node) {
        references.CallExpression(node);
        if (node.callee.type !== 'MemberExpression' || node.callee.computed) return;
        const name = node.callee.property.name;
        const owner = lastName(node.callee.object);
        if (!repository && (ORM_CALLS.has(name) || (HAND_WRITTEN_SQL.has(name) && owner === 'connection'))) {
          context.report({ node, messageId: 'ormCall', data: { name } });
        }
        const work = node.arguments[0];
        const isFunction = work && (work.type === 'ArrowFunctionExpression' || work.type === 'FunctionExpression');
        if (name === 'transaction' && isFunction && work.params.length > 0) {
          context.report({ node: work, messageId: 'managerParameter' });
        }
      },
      MemberExpression(node) {
        if (repository || node.computed || node.property.type !== 'Identifier') return;
        if (ORM_MEMBERS.has(node.property.name)) {
          context.report({ node, messageId: 'ormCall', data: { name: node.property.name } });
        }
      },
    };
  },
};

export default {
  meta: { name: 'walls' },
  rules: {
    'no-foreign-entity-import': noForeignEntityImport,
    'no-orm-in-controller': noOrmInController,
    'no-app-import-in-libs': noAppImportInLibs,
    'one-module-per-folder': oneModulePerFolder,
    'sql-in-repositories': sqlInRepositories,
  },
};
