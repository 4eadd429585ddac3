// Fails when common/gen is stale: the committed generated code must be exactly
// what `npm run generate` produces from proto/ today. The last two tests run
// the same check on scratch copies of the workspace with a proto edited or
// added and a stale file left behind, proving the check can fail and names
// the files.
import { appendFile, cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { GEN_DIR, REPO_ROOT, checkGeneratedCode, describeDiff } from './codegen-diff.js';

const scratchDirs: string[] = [];

/** A scratch copy of what generation reads (proto/, buf.yaml, buf.gen.yaml) and of common/gen. */
async function copyWorkspace(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'wick-codegen-ws-'));
  scratchDirs.push(dir);
  for (const path of ['proto', 'buf.yaml', 'buf.gen.yaml', GEN_DIR]) {
    await cp(join(REPO_ROOT, path), join(dir, path), { recursive: true });
  }
  return dir;
}

afterEach(async () => {
  await Promise.all(scratchDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('generated protobuf code', () => {
  it('is exactly what `npm run generate` produces (run it if this fails)', async () => {
    const diff = await checkGeneratedCode(REPO_ROOT);
    expect(describeDiff(diff)).toBe('');
  });

  it('is reported as changed when a proto changed after generation', async () => {
    const workspace = await copyWorkspace();
    const proto = join(workspace, 'proto/wick/v1/trade.proto');
    const text = await readFile(proto, 'utf8');
    await writeFile(proto, text.replace('bool buyer_is_maker = 9;', 'bool buyer_is_maker = 9;\n  // Added after generation.\n  string venue = 11;'));

    const diff = await checkGeneratedCode(workspace);

    expect(diff).toEqual({ changed: ['wick/v1/trade_pb.ts'], missing: [], extra: [] });
    expect(describeDiff(diff)).toBe('changed: wick/v1/trade_pb.ts');
  });

  it('is reported as missing for a new proto and extra for a stale leftover file', async () => {
    const workspace = await copyWorkspace();
    await writeFile(
      join(workspace, 'proto/wick/v1/added.proto'),
      'syntax = "proto3";\n\npackage wick.v1;\n\n// Added after generation.\nmessage Added {\n  // A field.\n  string name = 1;\n}\n',
    );
    await writeFile(join(workspace, GEN_DIR, 'wick/v1/removed_pb.ts'), 'export {};\n');
    await appendFile(join(workspace, GEN_DIR, 'wick/v1/bar_pb.ts'), '// hand edit\n');

    const diff = await checkGeneratedCode(workspace);

    expect(diff).toEqual({
      changed: ['wick/v1/bar_pb.ts'],
      missing: ['wick/v1/added_pb.ts'],
      extra: ['wick/v1/removed_pb.ts'],
    });
  });
});
