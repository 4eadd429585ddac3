// One process per embedded database directory: PGlite has no server to
// arbitrate, and two processes writing the same files corrupt them. The lock
// is a file holding the owner's pid, created exclusively; a lock left by a
// process that no longer runs (a crash, a kill -9) is taken over.
import { open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { StoreError } from '../errors.js';

export interface DataDirLock {
  release(): Promise<void>;
}

export async function lockDataDir(directory: string): Promise<DataDirLock> {
  const path = join(directory, 'wick.lock');
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      return { release: () => rm(path, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number((await readFile(path, 'utf8').catch(() => '')).trim());
      // This process counts too: a second PGlite on the same files in one
      // process corrupts them just the same.
      if (Number.isSafeInteger(owner) && owner > 0 && isRunning(owner)) {
        throw new StoreError('DATA_DIR_LOCKED', `the embedded database in ${directory} is in use by process ${owner}; stop it or use another data directory`);
      }
      // Stale (its owner is gone) or unreadable: remove it and try once more.
      await rm(path, { force: true });
    }
  }
  throw new StoreError('DATA_DIR_LOCKED', `cannot lock the embedded database in ${directory}: another process keeps taking the lock`);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
