// "WebSocket connections have a limit of 5 incoming messages per second. A
// message is considered: a PING frame, a PONG frame, a JSON controlled
// message (e.g. subscribe, unsubscribe). A connection that goes beyond the
// limit will be disconnected" (web-socket-streams.md, "WebSocket Limits").
// Counted over a sliding second: the sixth message within any 1000 ms is
// one too many.

export class IncomingLimit {
  private readonly times: number[] = [];

  constructor(
    private readonly perSecond: number,
    private readonly windowMs = 1_000,
  ) {}

  /** Records a message at `nowMs`; false when it exceeds the limit. */
  hit(nowMs: number): boolean {
    while (this.times.length > 0 && (this.times[0] as number) <= nowMs - this.windowMs) this.times.shift();
    this.times.push(nowMs);
    return this.times.length <= this.perSecond;
  }
}
