// `wick candles` through the real CLI entry point (bin/wick.js), as a user
// runs it: exit codes and streams of a separate process.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const WICK = fileURLToPath(new URL('../../bin/wick.js', import.meta.url));
const XRPETH = '/work/shared/data/binance/xrpeth-2019-10/XRPETH-aggTrades.csv';

function wick(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WICK, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npx wick candles', () => {
  it('writes the 712 five-minute klines of the xrpeth recording', async () => {
    const run = await wick(['candles', '--input', XRPETH, '--interval', '5m']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(712);
    // Open..volume are Binance's (XRPETH-5m.ohlcv.json); quote volume, count and the taker-buy
    // volumes were summed independently over the recording's first 24 rows with exact decimals.
    expect(lines[0]).toBe(
      '1570752000000,0.00141342,0.00141658,0.00141192,0.00141192,3478.00000000,1570752299999,4.91739976,24,1226.00000000,1.73341973,0',
    );
  }, 30_000);

  it('exits 2 with one line for a bad interval', async () => {
    const run = await wick(['candles', '--input', XRPETH, '--interval', '7m']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^wick candles: invalid --interval: unknown interval "7m".*\n$/);
  }, 30_000);
});
