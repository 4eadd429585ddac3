// Scripted sockets for the feed's lifecycle tests: each socket the feed
// opens is recorded, and the test decides when it opens, what it receives
// and how it ends. Events are delivered synchronously, so fake timers alone
// decide what happens when.
import type { FeedSocket, OpenSocket, SocketEvents } from '../feed/feed-socket.js';

export class FakeSocket implements FeedSocket {
  readonly sent: string[] = [];
  paused = false;
  ended: { code: number; how: 'close' | 'terminate' | 'remote' } | undefined;

  constructor(
    readonly url: string,
    private readonly events: SocketEvents,
  ) {}

  // Commands from the feed.
  send(text: string): void {
    if (this.ended !== undefined) throw new Error('send on an ended socket');
    this.sent.push(text);
  }

  close(code: number): void {
    this.end(code, 'close');
  }

  terminate(): void {
    this.end(1006, 'terminate');
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
  }

  // What the "server" does.
  open(): void {
    this.events.open();
  }

  receive(text: string): void {
    this.events.message(Buffer.from(text), Date.now());
  }

  ping(): void {
    this.events.ping();
  }

  /** The server ends the connection (1006: it vanished without a close frame). */
  drop(code = 1006): void {
    if (code === 1006) this.events.error(new Error('socket hang up'));
    this.end(code, 'remote');
  }

  get isOpen(): boolean {
    return this.ended === undefined;
  }

  private end(code: number, how: 'close' | 'terminate' | 'remote'): void {
    if (this.ended !== undefined) return;
    this.ended = { code, how };
    this.events.close(code, '');
  }
}

export class FakeSockets {
  readonly all: FakeSocket[] = [];
  /** Open each socket as soon as it is created. */
  autoOpen = false;

  readonly opener: OpenSocket = (url, events) => {
    const socket = new FakeSocket(url, events);
    this.all.push(socket);
    if (this.autoOpen) queueMicrotask(() => socket.open());
    return socket;
  };

  get last(): FakeSocket {
    const socket = this.all.at(-1);
    if (socket === undefined) throw new Error('no socket was opened');
    return socket;
  }

  get openSockets(): FakeSocket[] {
    return this.all.filter((socket) => socket.isOpen);
  }
}
