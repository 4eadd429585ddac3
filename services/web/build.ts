// Builds the page into static files: public/ (HTML, CSS) copied as they are,
// src/main.mts bundled by esbuild with lightweight-charts, Connect and the
// generated protobuf code into one app.js, so wick serves it with no CDN.
// `npm run build` runs it; `wick start` runs it once when the files are
// missing (a fresh clone that skipped the build).
//
// Written to a folder beside the target, then renamed over it: a server
// reading the page never sees half a build.
import { cp, mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { REPO_ROOT } from '../start/repo-root.js';

/** Where the page's files go: under dist/, with the compiled services. */
export const WEB_DIST_DIR = join(REPO_ROOT, 'dist', 'web');

const SOURCE_DIR = join(REPO_ROOT, 'services', 'web');

export async function buildWebPage(outDir: string = WEB_DIST_DIR): Promise<void> {
  const target = outDir.replace(/\/+$/, '');
  const staging = `${target}.${process.pid}.${Date.now()}.partial`;
  await mkdir(dirname(target), { recursive: true });
  try {
    await cp(join(SOURCE_DIR, 'public'), staging, { recursive: true });
    await build({
      entryPoints: [join(SOURCE_DIR, 'src', 'main.mts')],
      outfile: join(staging, 'app.js'),
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: ['es2022'],
      minify: true,
      sourcemap: 'linked',
      legalComments: 'linked',
      logLevel: 'warning',
    });
    await rm(target, { recursive: true, force: true });
    await rename(staging, target);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

// `node bin/run-ts.js services/web/build.ts` (npm run build:web).
if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = Date.now();
  await buildWebPage();
  console.log(`web page built into ${WEB_DIST_DIR} in ${Date.now() - started} ms`);
}
