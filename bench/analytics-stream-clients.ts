// The client side of the StreamCandles benchmark, run as a child process so
// the server's CPU and latency figures are its own. It opens the streams over
// HTTP/2 connections (a few shared, or one per stream), reports when every stream is live, then counts
// updates and their delivery latency (receipt time - the candle's
// update_time, which the publisher set to its clock at publishing; one
// machine, one clock) into a millisecond histogram.
import { connect, type ClientHttp2Session } from 'node:http2';
import { create, toBinary } from '@bufbuild/protobuf';
import { StreamCandlesRequestSchema } from '../common/gen/wick/v1/candle_service_pb.js';
import { openStream, type StreamProtocol } from './grpc-client.js';

export interface ClientsCommand {
  readonly url: string;
  readonly subscribers: number;
  readonly connections: number;
  readonly symbols: readonly string[];
  readonly protocol: StreamProtocol;
}

export type ClientsMessage =
  | { readonly type: 'live'; readonly ms: number }
  | {
    readonly type: 'result'; readonly histogram: number[]; readonly updates: number; readonly perSubscriber: number[];
    readonly ended: number; readonly endings: string[]; readonly cpuPercent: number;
  };

const HISTOGRAM_MS = 10_000;

function run(command: ClientsCommand): void {
  const started = Date.now();
  const sessions: ClientHttp2Session[] = Array.from({ length: command.connections }, () => {
    const session = connect(command.url, { settings: { initialWindowSize: 1 << 20 } });
    session.on('error', () => undefined);
    return session;
  });
  const histogram = new Array<number>(HISTOGRAM_MS + 1).fill(0);
  const perSubscriber = new Array<number>(command.subscribers).fill(0);
  const endings: string[] = [];
  let measuring = false;
  let cpu = process.cpuUsage();
  let measureStarted = 0;
  let updates = 0;
  let live = 0;
  let ended = 0;
  for (let index = 0; index < command.subscribers; index += 1) {
    const symbol = command.symbols[index % command.symbols.length] as string;
    const request = toBinary(StreamCandlesRequestSchema, create(StreamCandlesRequestSchema, { subscriptions: [{ symbol, interval: '1m' }] }));
    openStream(sessions[index % sessions.length] as ClientHttp2Session, request, {
      onEvent(event) {
        if (event.kind === 'history-complete') {
          live += 1;
          if (live === command.subscribers) process.send?.({ type: 'live', ms: Date.now() - started } satisfies ClientsMessage);
        } else if (event.kind === 'candle' && measuring) {
          const latency = Math.min(HISTOGRAM_MS, Math.max(0, Date.now() - event.updateTime));
          histogram[latency] = (histogram[latency] ?? 0) + 1;
          perSubscriber[index] = (perSubscriber[index] ?? 0) + 1;
          updates += 1;
        }
      },
      onEnd(status, message) {
        ended += 1;
        if (endings.length < 5) endings.push(`${status} ${message}`);
      },
    }, command.protocol);
  }
  process.on('message', (message: { type: string }) => {
    if (message.type === 'measure') {
      measuring = true;
      cpu = process.cpuUsage();
      measureStarted = Date.now();
    }
    if (message.type === 'stop') {
      measuring = false;
      const used = process.cpuUsage(cpu);
      const cpuPercent = ((used.user + used.system) / 1e3 / (Date.now() - measureStarted)) * 100;
      process.send?.({ type: 'result', histogram, updates, perSubscriber, ended, endings, cpuPercent } satisfies ClientsMessage, () => {
        for (const session of sessions) session.destroy();
        process.exit(0);
      });
    }
  });
}

process.once('message', (command: ClientsCommand) => run(command));
