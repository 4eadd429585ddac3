import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { copyTemplate, hasTemplate, templateDir } from './pglite-template.js';

const made: string[] = [];
afterEach(async () => {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'wick-template-test-'));
  made.push(dir);
  return dir;
}

describe('copyTemplate', () => {
  it('copies every file of a nested cluster tree with its content, beside what the directory already holds', async () => {
    const template = await tempDir();
    await mkdir(join(template, 'base', '5'), { recursive: true });
    await mkdir(join(template, 'pg_wal', 'archive_status'), { recursive: true });
    await writeFile(join(template, 'PG_VERSION'), '17\n');
    await writeFile(join(template, 'base', '5', '1259'), Buffer.from([0, 1, 2, 255]));
    await writeFile(join(template, 'pg_wal', '000000010000000000000001'), 'wal');
    const directory = await tempDir();
    await writeFile(join(directory, 'wick.lock'), 'held');

    await copyTemplate(template, directory);

    expect(hasTemplate(directory)).toBe(true);
    expect((await readdir(directory, { recursive: true })).sort()).toEqual(
      ['PG_VERSION', 'base', 'base/5', 'base/5/1259', 'pg_wal', 'pg_wal/000000010000000000000001', 'pg_wal/archive_status', 'wick.lock'],
    );
    expect([...(await readFile(join(directory, 'base', '5', '1259')))]).toEqual([0, 1, 2, 255]);
    expect(await readFile(join(directory, 'wick.lock'), 'utf8')).toBe('held');
  });
});

describe('templateDir', () => {
  it('is keyed by the PGlite version and marks a template holding the schema', () => {
    expect(templateDir('/cache')).toMatch(/^\/cache\/pglite-\d+\.\d+\.\d+-schema-cluster$/);
  });
});
