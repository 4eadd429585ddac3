// A freshly initialised PGlite cluster with wick's schema applied, kept as a
// plain directory so that a new data directory starts as a copy of it
// instead of running initdb. initdb in WebAssembly takes 5 to 15 s on a
// small machine and the migrations about a second; copying the files (about
// 40 MB) takes a fraction of a second, and opening an existing cluster one
// or two, which is what keeps `wick start` on a new data directory within
// its readiness budget. The template depends on the PGlite build, so it is
// keyed by PGlite's version and shared by every data directory on the
// machine; migrations added later are applied at start like on any existing
// data directory. `npm ci` makes it (the `prepare` script,
// make-template.ts), so even the first start on a machine skips initdb.
import { existsSync, readFileSync } from 'node:fs';
import { copyFile, cp, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join, relative, sep } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { Logger } from '../../../common/log/index.js';
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

/** "schema" in the name: templates made before they carried wick's schema are not reused. */
export function templateDir(cacheDir: string = TEMPLATE_CACHE_DIR): string {
  return join(cacheDir, `pglite-${pgliteVersion()}-schema-cluster`);
}

/** Whether a template was made on this machine. */
export function hasTemplate(template: string): boolean {
  return existsSync(join(template, 'PG_VERSION'));
}

/**
 * Copies the template into a new cluster directory (which holds only its
 * lock). Every file at once rather than fs.cp's one after another: the
 * thread pool overlaps a thousand small copies, which takes about half as long.
 */
export async function copyTemplate(template: string, directory: string): Promise<void> {
  const entries = await readdir(template, { recursive: true, withFileTypes: true });
  const target = (entry: { parentPath: string; name: string }) => join(directory, relative(template, entry.parentPath), entry.name);
  // Parents sort before their children, so each mkdir finds its parent made.
  for (const folder of entries.filter((entry) => entry.isDirectory()).map(target).sort()) await mkdir(folder, { recursive: true });
  await Promise.all(entries.filter((entry) => entry.isFile()).map((entry) => copyFile(join(entry.parentPath, entry.name), target(entry))));
}

/** Brings a pristine cluster (just made by initdb, open) to the template's state and closes it. */
export async function finishTemplateCluster(database: PGlite, logger: Logger): Promise<void> {
  try {
    // Loaded here, not at the top: `wick start` opens its database before the store's modules load, so they load in parallel.
    const { applyEmbeddedSchema } = await import('./embedded-schema.js');
    await applyEmbeddedSchema({ query: (sql, params) => database.query(sql, params), exec: (sql) => database.exec(sql), close: () => database.close() }, logger);
  } finally {
    await database.close();
  }
}

/** Makes the template from nothing (initdb, schema) unless there is one; false when there was. */
export async function makeTemplate(template: string, logger: Logger): Promise<boolean> {
  if (hasTemplate(template)) return false;
  await mkdir(dirname(template), { recursive: true });
  const partial = `${template}.${process.pid}.partial`;
  try {
    await finishTemplateCluster(await PGlite.create(partial), logger);
    if (!hasTemplate(template)) await rename(partial, template);
  } finally {
    await rm(partial, { recursive: true, force: true });
  }
  return true;
}

/**
 * Keeps a copy of a closed cluster in the template's state as the template.
 * Copied aside then renamed, so a reader never sees half a template;
 * `exclude` names files that belong to the source directory only (its lock).
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
