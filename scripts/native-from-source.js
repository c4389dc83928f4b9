// argon2 is compiled on this machine instead of taken from its prebuilt binaries, which
// crash on some CPUs; at run time node-gyp-build prefers this local build to the prebuilds.
// (better-sqlite3 builds from source by itself wherever its prebuilt download is unreachable.)
const { spawnSync } = require('node:child_process');
const { dirname } = require('node:path');

const nodeGyp = process.env.npm_config_node_gyp || require.resolve('node-gyp/bin/node-gyp.js');
const build = spawnSync(process.execPath, [nodeGyp, 'rebuild', '--release'], {
  cwd: dirname(require.resolve('argon2/package.json')),
  encoding: 'utf8',
});
if (build.status !== 0) {
  process.stderr.write(`${build.stdout}\n${build.stderr}\nargon2: the build from source failed\n`);
  process.exit(build.status ?? 1);
}
