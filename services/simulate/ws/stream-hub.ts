// Which connection listens to which stream, and the fan-out of a frame to
// them. A frame nobody listens to is never rendered: publishers ask
// `listening` first. Kline engines are created and dropped as the first
// listener of an interval arrives and the last one leaves (`onDemand`).
import type { Frame } from './frame.js';

export interface Subscriber {
  deliver(frame: Frame): void;
}

export type DemandListener = (stream: string, listeners: number) => void;

export class StreamHub {
  private readonly listeners = new Map<string, Set<Subscriber>>();
  private readonly demandListeners: DemandListener[] = [];

  onDemand(listener: DemandListener): void {
    this.demandListeners.push(listener);
  }

  subscribe(stream: string, subscriber: Subscriber): void {
    let set = this.listeners.get(stream);
    if (set === undefined) {
      set = new Set();
      this.listeners.set(stream, set);
    }
    if (set.has(subscriber)) return;
    set.add(subscriber);
    this.notify(stream, set.size);
  }

  unsubscribe(stream: string, subscriber: Subscriber): void {
    const set = this.listeners.get(stream);
    if (set === undefined || !set.delete(subscriber)) return;
    if (set.size === 0) this.listeners.delete(stream);
    this.notify(stream, set.size);
  }

  listening(stream: string): boolean {
    return this.listeners.has(stream);
  }

  publish(frame: Frame): void {
    const set = this.listeners.get(frame.stream);
    if (set === undefined) return;
    for (const subscriber of set) subscriber.deliver(frame);
  }

  private notify(stream: string, listeners: number): void {
    for (const listener of this.demandListeners) listener(stream, listeners);
  }
}
