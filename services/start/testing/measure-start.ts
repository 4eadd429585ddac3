// How long `wick start` takes to be ready (/readyz 200, from spawn) and to
// exit after Ctrl-C, on a new data directory and again on the same one, with
// the recording the tests use. A measurement, not a test: timings belong in
// reports, never in assertions.
//
//   node --import tsx services/start/testing/measure-start.ts [runs]
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RECORDING, startWick } from './wick-start-process.js';

const runs = Number(process.argv[2] ?? '3');
for (let run = 1; run <= runs; run++) {
  const dataDir = await mkdtemp(join(tmpdir(), 'wick-measure-'));
  for (const which of ['new data dir', 'same data dir']) {
    const wick = await startWick(['--data-dir', dataDir, '--source', `simulate:${RECORDING}`]);
    const origin = /"origin":"(\w+)"/.exec(wick.log())?.[1];
    const cpuMs = await cpuTimeMs(wick.child.pid);
    const stopped = await wick.stop();
    console.log(`run ${run}, ${which} (database ${origin}): ready in ${Math.round(wick.readyMs)} ms (CPU ${cpuMs} ms); Ctrl-C to exit ${Math.round(stopped.ms)} ms (code ${stopped.code})`);
  }
  await rm(dataDir, { recursive: true, force: true });
}

/** CPU time (user + system) the process used so far, from /proc: on a busy machine it tells cost from waiting. */
async function cpuTimeMs(pid: number | undefined): Promise<number | undefined> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  const fields = stat?.slice(stat.lastIndexOf(')') + 2).split(' ');
  if (fields === undefined) return undefined;
  // utime and stime, fields 14 and 15 of stat, in clock ticks (100 per second on Linux).
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
