#!/usr/bin/env node
// Builds the apps when dist/ is missing or older than any source file, so `npm start` works on
// a fresh clone and after a pull. Node built-ins only.
'use strict';
const { execSync } = require('node:child_process');
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

require('./ensure-deps');
const root = join(__dirname, '..');
const APPS = ['sip-gateway', 'scorer', 'launcher'];

function newest(dir) {
  let latest = 0;
  if (!existsSync(dir)) return latest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

const sources = Math.max(newest(join(root, 'apps')), newest(join(root, 'libs')), statSync(join(root, 'package-lock.json')).mtimeMs);
for (const app of APPS) {
  const out = join(root, 'dist', 'apps', app, 'main.js');
  if (!existsSync(out) || statSync(out).mtimeMs < sources) {
    process.stderr.write(`building ${app}...\n`);
    execSync(`npx nest build ${app}`, { cwd: root, stdio: 'inherit' });
  }
}
