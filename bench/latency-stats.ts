// Percentiles of latency samples, for the benchmarks' reports.

/** The p-th percentile (0..100) of ascending samples, nearest rank. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

/** The p-th percentile of a histogram whose bucket i counts samples of value i. */
export function histogramPercentile(histogram: readonly number[], p: number): number {
  const total = histogram.reduce((sum, count) => sum + count, 0);
  const rank = Math.max(1, Math.ceil((p / 100) * total));
  let seen = 0;
  for (const [value, count] of histogram.entries()) {
    seen += count;
    if (seen >= rank) return value;
  }
  return histogram.length - 1;
}

export function describeMs(sorted: readonly number[]): string {
  const ms = (value: number) => `${value.toFixed(2)} ms`;
  return `p50 ${ms(percentile(sorted, 50))}, p90 ${ms(percentile(sorted, 90))}, p99 ${ms(percentile(sorted, 99))}, max ${ms(sorted.at(-1) ?? Number.NaN)}`;
}
