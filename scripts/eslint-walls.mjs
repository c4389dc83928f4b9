/**
 * Module walls, checked by ESLint.
 *
 * - no-foreign-entity-import: a file in src/<A>/ may not import a value from an entity file (*.entity.ts)
 *   anywhere under src/<B>/, B != A. Type-only imports stay allowed, and entity files may reference each
 *   other for relations.
 * - no-orm-in-controller: *.controller.ts files may not import typeorm or @nestjs/typeorm at all.
 * - no-app-import-in-libs: files under libs/ may not import anything from src/.
 *
 * Relative specifiers are resolved against the linted file; bare `src/...` specifiers (reachable through
 * the tsconfig baseUrl) against the project root. Other bare specifiers and aliases are left alone.
 */
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
      if (!targetParts || targetParts.length < 2 || targetParts[0] === importerModule) return;
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

export default {
  meta: { name: 'walls' },
  rules: {
    'no-foreign-entity-import': noForeignEntityImport,
    'no-orm-in-controller': noOrmInController,
    'no-app-import-in-libs': noAppImportInLibs,
  },
};
