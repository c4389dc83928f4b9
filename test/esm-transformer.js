/**
 * Jest's CommonJS runtime cannot require ES modules on this Node version, and NestJS 12
 * and some of its dependencies ship only ES modules. This transformer compiles a
 * dependency file to CommonJS when it uses ESM syntax and leaves every other file as is.
 */
const { createHash } = require('node:crypto');
const { transformSync } = require('@swc/core');

const ESM_SYNTAX = /^\s*(import\s*[\w{*'"]|export\s)/m;

module.exports = {
  getCacheKey(source, path) {
    return createHash('sha1').update('esm-v1').update(path).update(source).digest('hex');
  },
  process(source, path) {
    if (!ESM_SYNTAX.test(source) && !path.endsWith('.mjs')) return { code: source };
    const { code, map } = transformSync(source, {
      filename: path,
      sourceMaps: true,
      jsc: { target: 'es2022', parser: { syntax: 'ecmascript' } },
      module: { type: 'commonjs' },
    });
    return { code, map };
  },
};
