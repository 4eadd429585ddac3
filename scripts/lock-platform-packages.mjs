#!/usr/bin/env node
// The npm registry reachable from our build machines serves only Linux builds
// of packages that ship one native binary per platform (@bufbuild/buf-*), so
// `npm install` writes a package-lock.json without the other platforms'
// optional entries, and `npm ci` then refuses the lock as out of sync. This
// adds the missing optional platform entries (npm never downloads an entry
// whose os/cpu do not match the machine). Run after every `npm install`;
// `--check` exits 1 when an entry is missing (used by .ci/run).
import { readFileSync, writeFileSync } from 'node:fs';

const lockPath = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
const checkOnly = process.argv.includes('--check');

const OS = { darwin: 'darwin', linux: 'linux', win32: 'win32' };
const CPU = { arm64: 'arm64', aarch64: 'arm64', x64: 'x64', armv7: 'arm' };

function platformOf(name) {
  const match = /-(darwin|linux|win32)-(arm64|aarch64|x64|armv7)$/.exec(name);
  return match ? { os: OS[match[1]], cpu: CPU[match[2]] } : undefined;
}

const missing = [];
for (const entry of Object.values(lock.packages)) {
  for (const [dependency, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const platform = platformOf(dependency);
    const dependencyPath = `node_modules/${dependency}`;
    if (!platform || lock.packages[dependencyPath]) continue;
    missing.push(dependency);
    lock.packages[dependencyPath] = {
      version,
      cpu: [platform.cpu],
      ...(entry.dev ? { dev: true } : {}),
      license: entry.license,
      optional: true,
      os: [platform.os],
      ...(entry.engines ? { engines: entry.engines } : {}),
    };
  }
}

if (checkOnly) {
  if (missing.length > 0) {
    console.error(`package-lock.json lacks optional platform entries: ${missing.join(', ')} (run node scripts/lock-platform-packages.mjs)`);
    process.exit(1);
  }
  process.exit(0);
}
const sorted = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : 1)));
lock.packages = sorted;
writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
console.log(missing.length ? `added ${missing.join(', ')}` : 'nothing missing');
