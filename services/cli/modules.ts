// Finds and loads a command's module. Whether a command is available is
// decided by the file being there, so a command stops saying "not available"
// the moment its main.ts lands, with no registry change.
import { existsSync } from 'node:fs';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';

export type CommandMain = (args: readonly string[]) => Promise<number>;

/** services/ when running from source, dist/services/ when running compiled. */
export const DEFAULT_MODULES_ROOT = new URL('../', import.meta.url);

// Sources run through tsx as .ts; `npm run build` output runs as .js.
const MODULE_EXTENSION = extname(fileURLToPath(import.meta.url));

export function commandModuleUrl(modulesRoot: URL, dir: string): URL {
  return new URL(`${dir}/main${MODULE_EXTENSION}`, modulesRoot);
}

export function commandModuleExists(modulesRoot: URL, dir: string): boolean {
  return existsSync(fileURLToPath(commandModuleUrl(modulesRoot, dir)));
}

export async function loadCommandMain(modulesRoot: URL, dir: string): Promise<CommandMain> {
  const url = commandModuleUrl(modulesRoot, dir);
  // A computed specifier: the compiler neither needs nor checks the module.
  const loaded = (await import(url.href)) as { main?: unknown };
  if (typeof loaded.main !== 'function') {
    throw new Error(`${fileURLToPath(url)} does not export main(args): Promise<number>`);
  }
  return loaded.main as CommandMain;
}
