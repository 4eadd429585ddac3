import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../../common/log/index.js';
import { FakeSockets, type FakeSocket } from '../testing/fake-sockets.js';
import type { DisconnectReason, FeedConnection, RotationReason } from './feed-connection.js';
import { RealtimeFeed, type FeedSettings, type VenueLimits } from './realtime-feed.js';

const SETTINGS: FeedSettings = {
  streamsPerConnection: 2,
  backoff: { initialDelayMs: 100, maxDelayMs: 800 },
  staleAfterMs: 30_000,
  maxConnectionAgeMs: 60_000,
  liveTimeoutMs: 5_000,
  stableAfterMs: 10_000,
};
const LIMITS: VenueLimits = { connectionAttempts: 100, connectionWindowMs: 60_000, messagesPerSecond: 2 };

/** A venue whose connections go live when the test says, and shut down on the frame "shutdown". */
class TestFeed extends RealtimeFeed {
  readonly data: string[] = [];
  readonly closedIds: number[] = [];
  readonly opened: FeedConnection[] = [];
  readonly reconnects: DisconnectReason[] = [];
  readonly rotations: RotationReason[] = [];
  readonly recovered: string[][] = [];
  liveCounts: number[] = [];

  constructor(sockets: FakeSockets, settings: FeedSettings = SETTINGS, limits: VenueLimits = LIMITS) {
    const metrics = {
      reconnect: (reason: DisconnectReason) => this.reconnects.push(reason),
      rotation: (reason: RotationReason) => this.rotations.push(reason),
      liveConnections: (count: number) => this.liveCounts.push(count),
    };
    super(settings, limits, {
      openSocket: sockets.opener,
      logger: silentLogger(),
      metrics,
      recovered: (streams) => this.recovered.push([...streams]),
      random: () => 0.5,
    });
  }

  goLive(connection: FeedConnection): void {
    this.markLive(connection);
  }

  sendOn(connection: FeedConnection, text: string): void {
    connection.send(text);
  }

  protected connectionUrl(streams: readonly string[]): string {
    return `test://feed/${streams.join(',')}`;
  }

  protected onOpen(connection: FeedConnection): void {
    this.opened.push(connection);
  }

  protected onData(connection: FeedConnection, data: Buffer): void {
    const text = data.toString();
    this.data.push(text);
    if (text === 'shutdown') this.replace(connection, 'server-shutdown');
    if (text === 'refuse') this.fail(connection, 'request-failed');
  }

  protected onClosed(connection: FeedConnection): void {
    this.closedIds.push(connection.id);
  }
}

let sockets: FakeSockets;

beforeEach(() => {
  vi.useFakeTimers({ now: 1_700_000_000_000 });
  sockets = new FakeSockets();
});

afterEach(() => {
  vi.useRealTimers();
});

/** Opens the last socket and marks its connection live. */
function openLive(feed: TestFeed): FakeSocket {
  const socket = sockets.last;
  socket.open();
  feed.goLive(feed.opened.at(-1) as FeedConnection);
  return socket;
}

/** Times (ms after `from`) at which new sockets appear while advancing `total` ms. */
function socketTimes(from: number, total: number, step = 10): number[] {
  const times: number[] = [];
  let count = sockets.all.length;
  for (let elapsed = step; elapsed <= total; elapsed += step) {
    vi.advanceTimersByTime(step);
    if (sockets.all.length > count) {
      count = sockets.all.length;
      times.push(Date.now() - from);
    }
  }
  return times;
}

describe('RealtimeFeed: connections', () => {
  it('splits the streams over connections and is live when every one is', () => {
    const feed = new TestFeed(sockets);
    feed.start(['a', 'b', 'c', 'd', 'e']);
    expect(sockets.all.map((socket) => socket.url)).toEqual(['test://feed/a,b', 'test://feed/c,d', 'test://feed/e']);
    for (const socket of sockets.all) socket.open();
    feed.opened.slice(0, 2).forEach((connection) => feed.goLive(connection));
    expect(feed.live).toBe(false);
    feed.goLive(feed.opened[2] as FeedConnection);
    expect(feed.live).toBe(true);
    expect(feed.liveCounts.at(-1)).toBe(3);
    expect(feed.status()).toEqual([
      { slot: 0, streams: 2, live: true, failures: 0 },
      { slot: 1, streams: 2, live: true, failures: 0 },
      { slot: 2, streams: 1, live: true, failures: 0 },
    ]);
  });

  it('paces what it sends to the venue limit per connection', () => {
    const feed = new TestFeed(sockets);
    feed.start(['a']);
    const socket = sockets.last;
    socket.open();
    const connection = feed.opened[0] as FeedConnection;
    for (const text of ['1', '2', '3', '4', '5']) feed.sendOn(connection, text);
    expect(socket.sent).toEqual(['1', '2']);
    vi.advanceTimersByTime(999);
    expect(socket.sent).toEqual(['1', '2']);
    vi.advanceTimersByTime(1);
    expect(socket.sent).toEqual(['1', '2', '3', '4']);
    vi.advanceTimersByTime(1_000);
    expect(socket.sent).toEqual(['1', '2', '3', '4', '5']);
  });

  it('waits when the venue limit on connection attempts is reached', () => {
    const patient = { ...SETTINGS, liveTimeoutMs: 60_000 };
    const feed = new TestFeed(sockets, patient, { ...LIMITS, connectionAttempts: 2, connectionWindowMs: 10_000 });
    feed.start(['a', 'b', 'c', 'd', 'e']);
    expect(sockets.all).toHaveLength(2);
    vi.advanceTimersByTime(9_999);
    expect(sockets.all).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(sockets.all).toHaveLength(3);
  });

  it('stops: closes every connection and never reconnects', async () => {
    const feed = new TestFeed(sockets);
    feed.start(['a', 'b', 'c']);
    sockets.all.forEach((socket) => socket.open());
    await feed.stop();
    expect(sockets.all.map((socket) => socket.ended)).toEqual([
      { code: 1000, how: 'close' },
      { code: 1000, how: 'close' },
    ]);
    vi.advanceTimersByTime(60_000);
    expect(sockets.all).toHaveLength(2);
    expect(feed.reconnects).toEqual([]);
  });
});

describe('RealtimeFeed: reconnect with backoff', () => {
  it('reconnects after a drop with delays that double up to the cap', () => {
    const feed = new TestFeed(sockets);
    feed.start(['a']);
    openLive(feed);
    sockets.last.drop();
    // random() = 0.5: each delay is 3/4 of its bound (100, 200, 400, 800, 800 ms).
    const expected = [75, 150, 300, 600, 600];
    const times: number[] = [];
    for (const delay of expected) {
      times.push(...socketTimes(Date.now(), delay + 50, 5));
      sockets.last.drop(); // fails before ever opening
    }
    expect(times).toEqual(expected);
    expect(feed.reconnects).toEqual(['connection-lost', 'connection-lost', 'connection-lost', 'connection-lost', 'connection-lost', 'connection-lost']);
  });

  it('starts the backoff over after a connection that stayed up', () => {
    const feed = new TestFeed(sockets);
    feed.start(['a']);
    openLive(feed);
    sockets.last.drop();
    vi.advanceTimersByTime(75);
    sockets.last.drop();
    vi.advanceTimersByTime(150);
    openLive(feed);
    vi.advanceTimersByTime(SETTINGS.stableAfterMs);
    sockets.last.drop(1001);
    expect(feed.reconnects.at(-1)).toBe('closed-by-server');
    const before = Date.now();
    expect(socketTimes(before, 200, 5)).toEqual([75]);
  });

  it('keeps growing the backoff for connections that drop right after going live', () => {
    const feed = new TestFeed(sockets);
    feed.start(['a']);
    openLive(feed);
    sockets.last.drop();
    vi.advanceTimersByTime(75);
    openLive(feed);
    sockets.last.drop();
    const before = Date.now();
    expect(socketTimes(before, 300, 5)).toEqual([150]);
  });
});

describe('RealtimeFeed: recovery after an interruption', () => {
  it('says which streams were interrupted once they are live again, not at start nor on a rotation', () => {
    const feed = new TestFeed(sockets);
    feed.start(['a', 'b', 'c']);
    const [first, second] = [sockets.all[0] as FakeSocket, sockets.all[1] as FakeSocket];
    for (const [index, socket] of [first, second].entries()) {
      socket.open();
      feed.goLive(feed.opened[index] as FeedConnection);
    }
    expect(feed.recovered).toEqual([]);
    second.receive('shutdown');
    openLive(feed);
    expect(feed.recovered).toEqual([]);
    first.drop();
    vi.advanceTimersByTime(75);
    sockets.last.drop(); // a failed attempt in between changes nothing
    vi.advanceTimersByTime(150);
    openLive(feed);
    expect(feed.recovered).toEqual([['a', 'b']]);
  });

  it('counts a replacement that takes over from a dead connection as a recovery', () => {
    const feed = new TestFeed(sockets);
    feed.start(['a']);
    const old = openLive(feed);
    old.receive('shutdown');
    old.drop();
    openLive(feed);
    expect(feed.recovered).toEqual([['a']]);
  });
});

describe('RealtimeFeed: staleness and timeouts', () => {
  it('replaces a live connection that received nothing for staleAfter', () => {
    const feed = new TestFeed(sockets, { ...SETTINGS, staleAfterMs: 4_000 });
    feed.start(['a']);
    const socket = openLive(feed);
    vi.advanceTimersByTime(3_000);
    socket.receive('trade');
    vi.advanceTimersByTime(3_000);
    socket.ping(); // pings count: a quiet market is not a dead connection
    vi.advanceTimersByTime(3_900);
    expect(socket.isOpen).toBe(true);
    vi.advanceTimersByTime(1_200);
    expect(socket.ended).toEqual({ code: 1006, how: 'terminate' });
    expect(feed.reconnects).toEqual(['stale']);
    vi.advanceTimersByTime(75);
    expect(sockets.all).toHaveLength(2);
  });

  it('does not judge staleness while paused, and pauses new sockets too', () => {
    const feed = new TestFeed(sockets, { ...SETTINGS, staleAfterMs: 4_000 });
    feed.start(['a']);
    const socket = openLive(feed);
    feed.pause();
    expect(socket.paused).toBe(true);
    vi.advanceTimersByTime(20_000);
    expect(socket.isOpen).toBe(true);
    feed.resume();
    expect(socket.paused).toBe(false);
    vi.advanceTimersByTime(3_000);
    expect(socket.isOpen).toBe(true);
    vi.advanceTimersByTime(2_000);
    expect(socket.isOpen).toBe(false);
    feed.pause();
    vi.advanceTimersByTime(75);
    sockets.last.open();
    expect(sockets.last.paused).toBe(true);
  });

  it('gives up on a connection that does not go live in time', () => {
    const feed = new TestFeed(sockets);
    feed.start(['a']);
    sockets.last.open();
    vi.advanceTimersByTime(5_000);
    expect(sockets.last.isOpen).toBe(true);
    vi.advanceTimersByTime(1_000);
    expect(sockets.all[0]?.ended?.how).toBe('terminate');
    expect(feed.reconnects).toEqual(['live-timeout']);
  });

  it('reconnects when the venue refuses a request', () => {
    const feed = new TestFeed(sockets);
    feed.start(['a']);
    openLive(feed).receive('refuse');
    expect(feed.reconnects).toEqual(['request-failed']);
  });
});

describe('RealtimeFeed: make-before-break replacement', () => {
  it('rotates before the age limit: the old connection closes only once the new one is live', () => {
    const feed = new TestFeed(sockets);
    feed.start(['a']);
    const old = openLive(feed);
    const liveStates: boolean[] = [];
    for (let elapsed = 0; elapsed < 60_000; elapsed += 1_000) {
      vi.advanceTimersByTime(1_000);
      old.ping();
      liveStates.push(feed.live);
    }
    // random() = 0.5: the rotation comes 1.5 s (half of 5% of a minute) early.
    expect(sockets.all).toHaveLength(2);
    const fresh = sockets.last;
    expect(fresh.url).toBe(old.url);
    fresh.open();
    vi.advanceTimersByTime(500);
    expect(old.isOpen).toBe(true);
    expect(feed.live).toBe(true);
    feed.goLive(feed.opened.at(-1) as FeedConnection);
    expect(old.ended).toEqual({ code: 1000, how: 'close' });
    expect(feed.live).toBe(true);
    expect(liveStates.every(Boolean)).toBe(true);
    expect(feed.rotations).toEqual(['max-age']);
    expect(feed.reconnects).toEqual([]);
    expect(feed.liveCounts.every((count) => count === 1)).toBe(true);
  });

  it('moves to a new connection at once on a server shutdown notice', () => {
    const feed = new TestFeed(sockets);
    feed.start(['a']);
    const old = openLive(feed);
    old.receive('shutdown');
    old.receive('shutdown'); // a repeated notice opens no second replacement
    expect(sockets.all).toHaveLength(2);
    openLive(feed);
    expect(old.ended?.code).toBe(1000);
    expect(feed.rotations).toEqual(['server-shutdown']);
    expect(feed.live).toBe(true);
  });

  it('keeps the old connection when the replacement fails, and tries again after a backoff', () => {
    const feed = new TestFeed(sockets);
    feed.start(['a']);
    const old = openLive(feed);
    old.receive('shutdown');
    sockets.last.drop();
    expect(old.isOpen).toBe(true);
    expect(feed.live).toBe(true);
    expect(feed.reconnects).toEqual([]);
    old.receive('shutdown');
    expect(sockets.all).toHaveLength(3);
  });

  it('lets a pending replacement take over when the old connection dies first', () => {
    const feed = new TestFeed(sockets);
    feed.start(['a']);
    const old = openLive(feed);
    old.receive('shutdown');
    old.drop(1001);
    expect(feed.live).toBe(false);
    vi.advanceTimersByTime(5_000);
    expect(sockets.all).toHaveLength(2);
    openLive(feed);
    expect(feed.live).toBe(true);
    expect(feed.reconnects).toEqual(['closed-by-server']);
  });

  it('the retired connection closing is not a disconnect', () => {
    const feed = new TestFeed(sockets);
    feed.start(['a']);
    openLive(feed).receive('shutdown');
    openLive(feed);
    vi.advanceTimersByTime(10_000);
    expect(sockets.all).toHaveLength(2);
    expect(feed.reconnects).toEqual([]);
    expect(feed.closedIds).toEqual([1]);
  });
});
