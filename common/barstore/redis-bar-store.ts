// The bar store on Redis (ioredis): one meta hash and one entries hash per
// partition slot, read and written only by the Lua scripts of
// redis-scripts.ts, so every claim and checkpoint is atomic and fenced.
import { createHash } from 'node:crypto';
import { Redis, type RedisOptions } from 'ioredis';
import type { BarStore, CheckpointWrite, ClaimResult, PartitionSlot, WriteOutcome } from './bar-store.js';
import { CLAIM_SCRIPT, WRITE_SCRIPT } from './redis-scripts.js';
import { slotName } from './slot-name.js';

export interface RedisBarStoreOptions {
  /** redis:// or rediss:// URL; its path picks the database (redis://host:6379/9). */
  readonly url: string;
  /** Bound on one command (a checkpoint included); default 5 s. */
  readonly commandTimeoutMs?: number;
  readonly connectTimeoutMs?: number;
  /** Told about connection errors (ioredis reconnects by itself). */
  readonly onError?: (error: Error) => void;
}

type Reply = string | number | null | Reply[];

interface Script {
  readonly text: string;
  readonly sha: string;
}

const script = (text: string): Script => ({ text, sha: createHash('sha1').update(text).digest('hex') });
const CLAIM = script(CLAIM_SCRIPT);
const WRITE = script(WRITE_SCRIPT);

export class RedisBarStore implements BarStore {
  private constructor(private readonly redis: Redis) {}

  static open(options: RedisBarStoreOptions): RedisBarStore {
    const settings: RedisOptions = {
      commandTimeout: options.commandTimeoutMs ?? 5_000,
      connectTimeout: options.connectTimeoutMs ?? 5_000,
      // A command fails after this many reconnects instead of waiting forever; callers retry.
      maxRetriesPerRequest: 2,
    };
    const redis = new Redis(options.url, settings);
    redis.on('error', (error: Error) => options.onError?.(error));
    return new RedisBarStore(redis);
  }

  async claim(slot: PartitionSlot, owner: string): Promise<ClaimResult> {
    const reply = await this.run(CLAIM, keysOf(slot), [owner]);
    const [kind, epoch, sequence, offset, meta, entries] = asArray(reply, 'claim');
    const counts = { epoch: integer(epoch, 'epoch'), sequence: integer(sequence, 'seq') };
    if (kind === 'empty') return { kind: 'empty', ...counts };
    if (kind !== 'restored') throw new Error(`bar store claim answered ${JSON.stringify(kind)}`);
    return {
      kind: 'restored',
      ...counts,
      checkpoint: { offset: BigInt(text(offset, 'offset')), meta: text(meta, 'meta'), entries: pairs(asArray(entries, 'entries')) },
    };
  }

  async write(slot: PartitionSlot, checkpoint: CheckpointWrite): Promise<WriteOutcome> {
    const args = [checkpoint.owner, checkpoint.mode, String(checkpoint.expectedSequence), checkpoint.offset.toString(), checkpoint.meta];
    for (const [name, state] of checkpoint.entries) args.push(name, state);
    const [kind, detail] = asArray(await this.run(WRITE, keysOf(slot), args), 'write');
    if (kind === 'written') return { kind, sequence: integer(detail, 'seq') };
    if (kind === 'fenced') return { kind };
    if (kind === 'diverged' && (detail === 'missing' || detail === 'sequence')) return { kind, reason: detail };
    throw new Error(`bar store write answered ${JSON.stringify(kind)}`);
  }

  async ping(): Promise<void> {
    await this.redis.ping();
  }

  async close(): Promise<void> {
    try {
      await this.redis.quit();
    } catch {
      // Already disconnected: nothing left to close.
      this.redis.disconnect();
    }
  }

  /** EVALSHA, loading the script once with EVAL when Redis does not have it (a restart or SCRIPT FLUSH). */
  private async run(script: Script, keys: readonly string[], args: readonly string[]): Promise<Reply> {
    try {
      return (await this.redis.evalsha(script.sha, keys.length, ...keys, ...args)) as Reply;
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return (await this.redis.eval(script.text, keys.length, ...keys, ...args)) as Reply;
    }
  }
}

function keysOf(slot: PartitionSlot): string[] {
  const name = slotName(slot);
  return [`${name}:meta`, `${name}:entries`];
}

function asArray(reply: Reply | undefined, what: string): Reply[] {
  if (!Array.isArray(reply)) throw new Error(`bar store ${what}: expected an array reply, got ${JSON.stringify(reply)}`);
  return reply;
}

function text(reply: Reply | undefined, what: string): string {
  if (typeof reply !== 'string') throw new Error(`bar store: ${what} is not a string: ${JSON.stringify(reply)}`);
  return reply;
}

function integer(reply: Reply | undefined, what: string): number {
  const value = typeof reply === 'number' ? reply : Number(text(reply, what));
  if (!Number.isSafeInteger(value)) throw new Error(`bar store: ${what} is not an integer: ${JSON.stringify(reply)}`);
  return value;
}

function pairs(flat: Reply[]): Map<string, string> {
  const entries = new Map<string, string>();
  for (let i = 0; i + 1 < flat.length; i += 2) entries.set(text(flat[i], 'entry name'), text(flat[i + 1], 'entry state'));
  return entries;
}
