// Integration tests need real Kafka, Redis and PostgreSQL. Under CI (WICK_CI=1,
// set by .ci/run) an unreachable service fails the suite; on a laptop without
// the services the suite is skipped with a line saying which service was
// missing and how to start it.
import { Socket } from 'node:net';

export interface ServiceEndpoint {
  readonly name: 'kafka' | 'redis' | 'postgres';
  readonly host: string;
  readonly port: number;
  readonly howToStart: string;
}

export const KAFKA_BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

function hostPort(hostAndPort: string, defaultPort: number): { host: string; port: number } {
  const [host, port] = hostAndPort.split(':');
  return { host: host || '127.0.0.1', port: port ? Number(port) : defaultPort };
}

export const endpoints = {
  kafka: (): ServiceEndpoint => ({
    name: 'kafka',
    ...hostPort(KAFKA_BROKERS.split(',')[0] ?? '', 9092),
    howToStart: 'run `bash scripts/kafka.sh start`',
  }),
  redis: (): ServiceEndpoint => {
    const url = new URL(REDIS_URL);
    return { name: 'redis', host: url.hostname, port: Number(url.port || 6379), howToStart: 'start redis-server on 127.0.0.1:6379' };
  },
  postgres: (): ServiceEndpoint => {
    const url = new URL(DATABASE_URL);
    return { name: 'postgres', host: url.hostname, port: Number(url.port || 5432), howToStart: 'start PostgreSQL on 127.0.0.1:5432' };
  },
};

export function ciRequiresServices(): boolean {
  return process.env.WICK_CI === '1';
}

export function canConnect(host: string, port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(port, host, () => done(true));
  });
}

/**
 * Checks that every named service answers. Returns a skip reason when one is
 * missing outside CI, throws when one is missing under CI, and returns
 * undefined when all are reachable.
 */
export async function missingServices(...names: ReadonlyArray<keyof typeof endpoints>): Promise<string | undefined> {
  const missing: string[] = [];
  for (const name of names) {
    const endpoint = endpoints[name]();
    if (!(await canConnect(endpoint.host, endpoint.port))) {
      missing.push(`${name} at ${endpoint.host}:${endpoint.port} is unreachable (${endpoint.howToStart})`);
    }
  }
  if (missing.length === 0) return undefined;
  const reason = missing.join('; ');
  if (ciRequiresServices()) throw new Error(`integration suite requires its services under CI: ${reason}`);
  console.warn(`skipping integration suite: ${reason}`);
  return reason;
}
