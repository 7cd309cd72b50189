#!/usr/bin/env node
// Runs a TypeScript entry point from the source tree with no build step:
//   node scripts/kafka-ts-runner.js <file.ts> [args…]
// `.ts` files are transpiled on require by @swc/core (a devDependency; same .swcrc as Jest, no
// type check: `npm run typecheck` does that), and `@app/<lib>` resolves to libs/<lib>/src as in
// tsconfig.json. Works on a fresh clone after `npm ci`; node built-ins + @swc/core only.
'use strict';
const Module = require('node:module');
const { readFileSync } = require('node:fs');
const { join, resolve } = require('node:path');
const { transformSync } = require('@swc/core');

const root = join(__dirname, '..');
const swcrc = JSON.parse(readFileSync(join(root, '.swcrc'), 'utf8'));
delete swcrc.$schema;

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function resolveAppAlias(request, parent, ...rest) {
  const alias = /^@app\/([a-z-]+)$/.exec(request);
  const target = alias ? join(root, 'libs', alias[1], 'src') : request;
  return resolveFilename.call(this, target, parent, ...rest);
};

Module._extensions['.ts'] = function compileTs(module, filename) {
  const { code } = transformSync(readFileSync(filename, 'utf8'), {
    ...swcrc,
    filename,
    swcrc: false,
    sourceMaps: 'inline',
  });
  module._compile(code, filename);
};
process.setSourceMapsEnabled?.(true);

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  process.stderr.write('usage: node scripts/kafka-ts-runner.js <file.ts> [args…]\n');
  process.exit(2);
}
process.argv = [process.argv[0], resolve(entry), ...args];
require(resolve(entry));
