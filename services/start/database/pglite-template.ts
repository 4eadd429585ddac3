// A freshly initialised PGlite cluster, kept as a plain directory so that a
// new data directory starts as a copy of it instead of running initdb.
// initdb in WebAssembly takes 5 to 15 s on a small machine; copying the
// files (about 40 MB) takes a fraction of a second, and opening an existing
// cluster one or two, which is what keeps `wick start` on a new data
// directory within its readiness budget. The template depends only on the
// PGlite build, so it is keyed by PGlite's version and shared by every data
// directory on the machine.
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdir, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join, sep } from 'node:path';
import { REPO_ROOT } from '../repo-root.js';

const require = createRequire(import.meta.url);
const PACKAGE = '@electric-sql/pglite';

/** node_modules/.cache is where tools keep what can be rebuilt at any time. */
export const TEMPLATE_CACHE_DIR = join(REPO_ROOT, 'node_modules', '.cache', 'wick');

/** The installed PGlite's version (its package.json is not exported, so it is found beside its entry point). */
export function pgliteVersion(): string {
  const entry = require.resolve(PACKAGE);
  const modules = `${sep}node_modules${sep}`;
  const root = entry.slice(0, entry.lastIndexOf(modules) + modules.length) + PACKAGE;
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  return manifest.version;
}

export function templateDir(cacheDir: string = TEMPLATE_CACHE_DIR): string {
  return join(cacheDir, `pglite-${pgliteVersion()}-cluster`);
}

/** Whether a template was made on this machine. */
export function hasTemplate(template: string): boolean {
  return existsSync(join(template, 'PG_VERSION'));
}

/** Copies the template into a new cluster directory (which holds only its lock). */
export async function copyTemplate(template: string, directory: string): Promise<void> {
  await cp(template, directory, { recursive: true, force: false, errorOnExist: false });
}

/**
 * Keeps a copy of a pristine, closed cluster as the template. Copied aside
 * then renamed, so a reader never sees half a template; `exclude` names
 * files that belong to the source directory only (its lock).
 */
export async function saveTemplate(directory: string, template: string, exclude: readonly string[]): Promise<void> {
  await mkdir(dirname(template), { recursive: true });
  const partial = `${template}.${process.pid}.partial`;
  try {
    await cp(directory, partial, { recursive: true, filter: (source) => !(dirname(source) === directory && exclude.includes(basename(source))) });
    if (!hasTemplate(template)) await rename(partial, template);
  } finally {
    await rm(partial, { recursive: true, force: true });
  }
}
