// `npm run bench [-- [--quick] [NAME...]]`: runs every bench/*.bench.ts (or
// the named ones) one after another in this process, single-threaded, so
// each figure is a per-core figure.
import { readdirSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Benchmark, BenchOptions } from './harness.js';

const here = fileURLToPath(new URL('.', import.meta.url));

async function loadBenchmarks(): Promise<Benchmark[]> {
  const files = readdirSync(here)
    .filter((file) => file.endsWith('.bench.ts'))
    .sort();
  const benchmarks: Benchmark[] = [];
  for (const file of files) {
    const module = (await import(pathToFileURL(`${here}${file}`).href)) as { benchmark?: Benchmark };
    if (module.benchmark === undefined) throw new Error(`${file} does not export a benchmark`);
    benchmarks.push(module.benchmark);
  }
  return benchmarks;
}

async function run(args: readonly string[]): Promise<number> {
  const options: BenchOptions = { quick: args.includes('--quick') };
  const names = args.filter((arg) => !arg.startsWith('--'));
  const all = await loadBenchmarks();
  const unknown = names.filter((name) => !all.some((b) => b.name === name));
  if (unknown.length > 0) {
    console.error(`unknown benchmark ${unknown.join(', ')} (have: ${all.map((b) => b.name).join(', ')})`);
    return 2;
  }
  const selected = names.length === 0 ? all : all.filter((b) => names.includes(b.name));
  console.log(`node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} cores; single-threaded runs`);
  for (const benchmark of selected) {
    console.log(`\n== ${benchmark.name}: ${benchmark.summary}${options.quick ? ' [quick]' : ''}`);
    await benchmark.run(options);
  }
  return 0;
}

process.exitCode = await run(process.argv.slice(2));
