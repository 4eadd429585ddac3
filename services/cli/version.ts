// `wick version`: the version of the package this CLI belongs to. The
// package.json is found by walking up from this file, so the lookup works both
// from services/cli/ (source) and from dist/services/cli/ (compiled).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function packageVersion(startDir = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = startDir; ; dir = dirname(dir)) {
    const manifest = readManifest(join(dir, 'package.json'));
    if (manifest?.name === 'wick' && typeof manifest.version === 'string') return manifest.version;
    if (dirname(dir) === dir) throw new Error(`no package.json of wick above ${startDir}`);
  }
}

function readManifest(path: string): { name?: unknown; version?: unknown } | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as { name?: unknown; version?: unknown };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
