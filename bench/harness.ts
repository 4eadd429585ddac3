// Shared machinery of the benchmarks: timing with warm-up and a median over
// several runs, a forced GC between runs so one run's garbage is not billed
// to the next, and plain-text reporting.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export interface BenchOptions {
  /** Small workloads and few runs: checks the benchmarks work, measures little. */
  readonly quick: boolean;
}

export interface Benchmark {
  /** What `npm run bench -- NAME` selects. */
  readonly name: string;
  readonly summary: string;
  run(options: BenchOptions): Promise<void>;
}

export interface RateSample {
  /** Items per CPU second of this process, median run: the per-core figure on a shared machine. */
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** Items per wall-clock second, median run: lower when other processes held the core. */
  readonly wallMedian: number;
  readonly runs: number;
}

export interface MeasureOptions {
  readonly warmups: number;
  readonly runs: number;
}

/**
 * Runs `work` (which processes `items` items) warmups + runs times and rates
 * the timed runs. CPU time (user + system of this process) is the per-core
 * measure: on a shared machine the wall clock also counts time other
 * processes held the core. The workloads are single-threaded; V8's
 * background GC threads add a little CPU, which only lowers our figures.
 */
export async function measureRate(items: number, work: () => unknown, options: MeasureOptions): Promise<RateSample> {
  for (let i = 0; i < options.warmups; i++) await work();
  const cpuRates: number[] = [];
  const wallRates: number[] = [];
  for (let i = 0; i < options.runs; i++) {
    collectGarbage();
    await settle();
    const cpu = process.cpuUsage();
    const started = process.hrtime.bigint();
    await work();
    const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    const used = process.cpuUsage(cpu);
    cpuRates.push(items / ((used.user + used.system) / 1e6));
    wallRates.push(items / wallSeconds);
  }
  cpuRates.sort((a, b) => a - b);
  wallRates.sort((a, b) => a - b);
  return {
    median: median(cpuRates),
    min: cpuRates[0] ?? 0,
    max: cpuRates.at(-1) ?? 0,
    wallMedian: median(wallRates),
    runs: cpuRates.length,
  };
}

export function median(sorted: readonly number[]): number {
  if (sorted.length === 0) return 0;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

let gc: (() => void) | undefined;

/** A full GC, made available without restarting node under --expose-gc. */
/**
 * Waits until the background work a forced collection leaves behind (the
 * concurrent sweep of the previous run's garbage) has finished, so it is not
 * billed to the next timed run: it is a fixed cost that otherwise penalises
 * short runs far more than long ones. Bounded at about 2 s.
 */
export async function settle(): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const before = process.cpuUsage();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const used = process.cpuUsage(before);
    if (used.user + used.system < 2_000) return;
  }
}

export function collectGarbage(): void {
  if (gc === undefined) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}

export function formatRate(perSecond: number): string {
  return perSecond >= 1e6 ? `${(perSecond / 1e6).toFixed(2)} M/s` : `${(perSecond / 1e3).toFixed(0)} k/s`;
}

export function formatSample(sample: RateSample): string {
  return (
    `${formatRate(sample.median).padStart(9)} per CPU s (min ${formatRate(sample.min)}, max ${formatRate(sample.max)}, ` +
    `${sample.runs} runs; wall ${formatRate(sample.wallMedian)})`
  );
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

export function megabytes(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(0)} MiB`;
}

/**
 * The parts of a benchmark to run: the environment variable `envName` lists
 * some of `known` (comma-separated), else all of them. A name not in `known`
 * stops the run, naming the variable.
 */
export function benchParts<Part extends string>(envName: string, known: readonly Part[]): ReadonlySet<Part> {
  const wanted = process.env[envName]?.trim();
  if (wanted === undefined || wanted === '') return new Set(known);
  const parts = new Set<Part>();
  for (const name of wanted.split(',').map((part) => part.trim())) {
    const part = known.find((candidate) => candidate === name);
    if (part === undefined) throw new Error(`${envName}: ${name} is not one of ${known.join(', ')}`);
    parts.add(part);
  }
  return parts;
}
