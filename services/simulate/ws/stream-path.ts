// The stream endpoints of web-socket-streams.md ("General WSS information"):
// raw streams at /ws/<streamName> (and /ws alone, to SUBSCRIBE later),
// combined streams at /stream?streams=<s1>/<s2>/<s3>, and timeUnit=MICROSECOND
// (or microsecond) for times in microseconds.
import { parseStreamName } from './stream-names.js';

export type StreamPath =
  | { readonly ok: true; readonly combined: boolean; readonly micros: boolean; readonly streams: readonly string[] }
  | { readonly ok: false; readonly status: 400 | 404; readonly reason: string };

export function parseStreamPath(requestUrl: string): StreamPath {
  const url = new URL(requestUrl, 'ws://simulator');
  const timeUnit = url.searchParams.get('timeUnit');
  if (timeUnit !== null && !['MICROSECOND', 'microsecond', 'MILLISECOND', 'millisecond'].includes(timeUnit)) {
    return { ok: false, status: 400, reason: `invalid timeUnit ${JSON.stringify(timeUnit)}` };
  }
  const micros = timeUnit?.toUpperCase() === 'MICROSECOND';
  const path = url.pathname;
  let combined: boolean;
  let names: string[];
  if (path === '/ws' || path === '/ws/') {
    combined = false;
    names = [];
  } else if (path.startsWith('/ws/')) {
    combined = false;
    names = path.slice('/ws/'.length).split('/').filter((name) => name !== '').map(decodeName);
  } else if (path === '/stream' || path === '/stream/') {
    combined = true;
    names = (url.searchParams.get('streams') ?? '').split('/').filter((name) => name !== '');
  } else {
    return { ok: false, status: 404, reason: 'not a stream endpoint (use /ws/<stream> or /stream?streams=...)' };
  }
  const invalid = names.find((name) => parseStreamName(name) === undefined);
  if (invalid !== undefined) return { ok: false, status: 400, reason: `invalid stream ${JSON.stringify(invalid)}` };
  return { ok: true, combined, micros, streams: [...new Set(names)] };
}

/** A malformed %-escape leaves the name as written, which then fails validation. */
function decodeName(name: string): string {
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}
