#!/usr/bin/env node
// Entry point of the `wick` CLI. A clean checkout has no compiled output after
// `npm ci`, so the TypeScript sources run through tsx's loader; a container
// image that ran `npm run build` runs the compiled JavaScript instead.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const compiled = `${root}dist/services/cli/main.js`;

if (process.env.WICK_USE_DIST === '1' && existsSync(compiled)) {
  await import(pathToFileURL(compiled).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(`${root}services/cli/main.ts`).href);
}
