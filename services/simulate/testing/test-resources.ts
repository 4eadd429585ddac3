// Simulators and WebSocket clients a test file opens, closed after every
// test, newest first (clients before the simulator they talk to), so no
// test leaks a listening port or a socket into the next.
import { afterEach } from 'vitest';
import { startSimulator, type Simulator, type SimulatorOptions } from '../simulator.js';
import { TestClient } from './ws-client.js';

export interface TestResources {
  /** A simulator started paused, with the file's defaults under `options`. */
  simulator(options?: Partial<SimulatorOptions>): Promise<Simulator>;
  client(url: string, options?: { autoPong?: boolean }): Promise<TestClient>;
}

export function testResources(defaults: Partial<SimulatorOptions> = {}): TestResources {
  const open: Array<Simulator | TestClient> = [];
  afterEach(async () => {
    for (const item of open.splice(0).reverse()) {
      if (item instanceof TestClient) item.close();
      else await item.close();
    }
  });
  return {
    async simulator(options = {}) {
      const merged = { startPaused: true, ...defaults, ...options };
      const { input } = merged;
      if (input === undefined) throw new Error('a test simulator needs an input recording');
      const started = await startSimulator({ ...merged, input });
      open.push(started);
      return started;
    },
    async client(url, options = {}) {
      const opened = await TestClient.open(url, options);
      open.push(opened);
      return opened;
    },
  };
}
