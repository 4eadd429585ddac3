// The value parsers settings are declared with. Each rejects with a message
// that quotes the value and says what was expected, so the one-line error a
// user sees is enough to fix the command line.
import { quote, ValueError, type Parser } from './parser.js';

export function str(options: { allowEmpty?: boolean; hint?: string } = {}): Parser<string> {
  return {
    hint: options.hint ?? 'string',
    parse(raw) {
      if (!options.allowEmpty && raw.trim() === '') throw new ValueError('the value is empty');
      return raw;
    },
    format: (value) => value,
  };
}

export function int(options: { min?: number; max?: number } = {}): Parser<number> {
  const min = options.min ?? Number.MIN_SAFE_INTEGER;
  const max = options.max ?? Number.MAX_SAFE_INTEGER;
  const bounded = options.min !== undefined || options.max !== undefined;
  return {
    hint: bounded ? `${rangeText(options.min, options.max)}` : 'integer',
    parse(raw) {
      const value = /^[+-]?\d+$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
      if (!Number.isSafeInteger(value)) throw new ValueError(`${quote(raw)} is not an integer`);
      if (value < min || value > max) {
        throw new ValueError(`${quote(raw)} is out of range ${rangeText(options.min, options.max)}`);
      }
      return value;
    },
    format: (value) => String(value),
  };
}

/** A TCP port; 0 asks the operating system for a free one. */
export function port(options: { allowZero?: boolean } = {}): Parser<number> {
  return int({ min: options.allowZero === false ? 1 : 0, max: 65_535 });
}

function rangeText(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return `${min}..${max}`;
  return min !== undefined ? `>= ${min}` : `<= ${String(max)}`;
}

const DURATION_UNITS_MS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/** A duration such as `500ms`, `5s`, `1.5m` or `2h`, as whole milliseconds. */
export function duration(options: { minMs?: number; maxMs?: number } = {}): Parser<number> {
  return {
    hint: 'duration',
    parse(raw) {
      const ms = parseDurationMs(raw.trim());
      if (ms === undefined) throw new ValueError(`${quote(raw)} is not a duration (e.g. 500ms, 5s, 2m, 1h)`);
      const { minMs, maxMs } = options;
      if ((minMs !== undefined && ms < minMs) || (maxMs !== undefined && ms > maxMs)) {
        const range = `${minMs === undefined ? '0ms' : formatDuration(minMs)}..${maxMs === undefined ? '' : formatDuration(maxMs)}`;
        throw new ValueError(`${quote(raw)} is out of range ${range}`);
      }
      return ms;
    },
    format: formatDuration,
  };
}

function parseDurationMs(text: string): number | undefined {
  if (text === '0') return 0;
  const match = /^(\d+)(?:\.(\d+))?(ms|s|m|h)$/.exec(text);
  if (!match) return undefined;
  const [, whole = '', fraction = '', unit = ''] = match;
  const factor = DURATION_UNITS_MS[unit] ?? 0;
  // Integer arithmetic: 1.1s must be 1100 ms, which float multiplication misses.
  const scale = 10 ** fraction.length;
  const scaled = Number(whole + fraction) * factor;
  if (!Number.isSafeInteger(scaled) || scaled % scale !== 0) return undefined;
  return scaled / scale;
}

export function formatDuration(ms: number): string {
  for (const [unit, factor] of [['h', 3_600_000], ['m', 60_000], ['s', 1_000]] as const) {
    if (ms !== 0 && ms % factor === 0) return `${ms / factor}${unit}`;
  }
  return `${ms}ms`;
}

const TRUE_WORDS = new Set(['true', '1', 'yes', 'on']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'off']);

export function bool(): Parser<boolean> {
  return {
    hint: 'true|false',
    bareValue: 'true',
    parse(raw) {
      const word = raw.trim().toLowerCase();
      if (TRUE_WORDS.has(word)) return true;
      if (FALSE_WORDS.has(word)) return false;
      throw new ValueError(`${quote(raw)} is not a boolean (true or false)`);
    },
    format: (value) => String(value),
  };
}

/** One of a closed set of words, matched case-insensitively and returned as declared. */
export function oneOf<const T extends string>(values: readonly T[]): Parser<T> {
  return {
    hint: values.join('|'),
    parse(raw) {
      const found = values.find((value) => value.toLowerCase() === raw.trim().toLowerCase());
      if (found === undefined) throw new ValueError(`${quote(raw)} is not one of ${values.join(', ')}`);
      return found;
    },
    format: (value) => value,
  };
}

/** A comma-separated list; each item goes through `item`. */
export function list<T>(item: Parser<T>, options: { minItems?: number } = {}): Parser<readonly T[]> {
  const minItems = options.minItems ?? 1;
  return {
    hint: `${item.hint},...`,
    parse(raw) {
      const parts = raw.trim() === '' ? [] : raw.split(',').map((part) => part.trim());
      if (parts.some((part) => part === '')) throw new ValueError(`${quote(raw)} has an empty item`);
      if (parts.length < minItems) {
        throw new ValueError(`${quote(raw)} lists ${parts.length} item(s), at least ${minItems} required`);
      }
      return Object.freeze(parts.map((part) => item.parse(part)));
    },
    format: (values) => values.map((value) => item.format(value)).join(','),
  };
}

/** An absolute URL with one of the given protocols (`redis:`); kept as written. */
export function url(options: { protocols: readonly string[] }): Parser<string> {
  const protocols = options.protocols.map((protocol) => (protocol.endsWith(':') ? protocol : `${protocol}:`));
  return {
    hint: 'url',
    parse(raw) {
      const text = raw.trim();
      let parsed: URL;
      try {
        parsed = new URL(text);
      } catch {
        throw new ValueError(`${quote(redactUrl(text))} is not a URL`);
      }
      if (!protocols.includes(parsed.protocol)) {
        throw new ValueError(`${quote(redactUrl(text))} is not a ${protocols.join(' or ')} URL`);
      }
      return text;
    },
    format: redactUrl,
  };
}

/** Hides the password of `scheme://user:password@host` so errors and --help never print it. */
export function redactUrl(text: string): string {
  return text.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/?#@:]*):[^/?#@]*@/i, '$1:***@');
}

const HOSTNAME = /^(?=.{1,253}$)[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*$/i;
const BRACKETED_IPV6 = /^\[[0-9a-f:.]+\]$/i;

/** `host:port` (IPv6 hosts in brackets), port 1..65535; returned as written. */
export function hostPort(): Parser<string> {
  return {
    hint: 'host:port',
    parse(raw) {
      const text = raw.trim();
      const colon = text.lastIndexOf(':');
      const host = text.slice(0, Math.max(colon, 0));
      const portText = text.slice(colon + 1);
      if (colon < 1 || !(HOSTNAME.test(host) || BRACKETED_IPV6.test(host)) || !/^\d+$/.test(portText)) {
        throw new ValueError(`${quote(raw)} is not host:port`);
      }
      const portNumber = Number(portText);
      if (portNumber < 1 || portNumber > 65_535) throw new ValueError(`${quote(raw)} has a port outside 1..65535`);
      return text;
    },
    format: (value) => value,
  };
}
