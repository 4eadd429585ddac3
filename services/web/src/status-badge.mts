// The connection-status indicator: connecting, live or reconnecting, with
// the reason of the last failure as its tooltip.
import type { FeedState } from './candle-feed.mjs';

export function showStatus(badge: HTMLElement, state: FeedState | 'error', detail?: string): void {
  badge.dataset.state = state;
  badge.textContent = state;
  badge.title = detail ?? '';
}
