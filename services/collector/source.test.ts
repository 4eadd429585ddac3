import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../common/log/index.js';
import { openSource } from './source.js';
import { XRPETH_FILE } from './testing/collector-harness.js';

describe('openSource', () => {
  it('uses a URL as given, with the REST base derived from it unless one is given', async () => {
    expect(await openSource({ kind: 'url', url: 'ws://127.0.0.1:9443' }, undefined, silentLogger())).toMatchObject({ wsUrl: 'ws://127.0.0.1:9443', restUrl: 'http://127.0.0.1:9443' });
    expect((await openSource({ kind: 'url', url: 'wss://x.example' }, 'https://rest.example', silentLogger())).restUrl).toBe('https://rest.example');
  });

  it('starts the built-in simulator on 127.0.0.1 for simulate:FILE and points at it', async () => {
    const source = await openSource({ kind: 'simulate', file: XRPETH_FILE }, undefined, silentLogger());
    try {
      expect(source.wsUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
      const info = (await (await fetch(`${source.restUrl}/api/v3/exchangeInfo`)).json()) as { symbols: Array<{ symbol: string; status: string }> };
      expect(info.symbols.map((entry) => [entry.symbol, entry.status])).toEqual([['XRPETH', 'TRADING']]);
    } finally {
      await source.close();
    }
  });
});
