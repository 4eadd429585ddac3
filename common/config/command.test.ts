import { describe, expect, expectTypeOf, it } from 'vitest';
import { parseCommandLine, runCommand } from './command.js';
import { ConfigError } from './config-error.js';
import { renderHelp } from './help.js';
import { bool, str } from './parsers.js';
import { setting } from './setting.js';
import { databaseUrl, httpPort, kafkaBrokers, runtimeSettings } from './shared.js';

const doc = { usage: 'wick demo [flags]', summary: 'Demonstrates help.', details: 'Example:\n  wick demo --input x\n' };
const spec = {
  kafkaBrokers,
  input: setting({ flag: 'input', env: 'WICK_INPUT', description: 'Input file.', parser: str(), required: true }),
  dryRun: setting({ flag: 'dry-run', description: 'Do nothing.', parser: bool(), default: false }),
  databaseUrl: setting({ ...databaseUrl, flag: 'db', env: 'WICK_DB', default: 'postgres://u:pw@h/d' }),
};

describe('help', () => {
  it('is generated from the spec: syntax, env, default, required', () => {
    expect(renderHelp(doc, spec)).toBe(
      [
        'Usage: wick demo [flags]',
        '',
        'Demonstrates help.',
        '',
        'Flags:',
        '  --kafka-brokers <host:port,...>',
        '      Kafka bootstrap brokers, comma-separated. [env KAFKA_BROKERS; default 127.0.0.1:9092]',
        '  --input <string>',
        '      Input file. [env WICK_INPUT; required]',
        '  --dry-run[=true|false]',
        '      Do nothing. [default false]',
        '  --db <url>',
        '      PostgreSQL/TimescaleDB connection URL. [env WICK_DB; default postgres://u:***@h/d]',
        '  -h, --help',
        '      Print this help and exit.',
        '',
        'Example:',
        '  wick demo --input x',
        '',
      ].join('\n'),
    );
  });

  it('wins over bad flags and missing required settings', () => {
    const line = parseCommandLine(doc, spec, ['--bogus', '--help'], {});
    expect(line.kind).toBe('help');
    expect(parseCommandLine(doc, spec, ['-h'], {}).kind).toBe('help');
  });

  it('after -- is not a help request', () => {
    expect(() => parseCommandLine(doc, spec, ['--input', 'x', '--', '--help'], {})).toThrow(ConfigError);
  });

  it('otherwise loads the configuration', () => {
    const line = parseCommandLine(doc, spec, ['--input', 'trades.csv'], { KAFKA_BROKERS: 'k:9092' });
    expect(line).toEqual({
      kind: 'run',
      config: { kafkaBrokers: ['k:9092'], input: 'trades.csv', dryRun: false, databaseUrl: 'postgres://u:pw@h/d' },
    });
  });
});

describe('shared settings', () => {
  it('resolve their conventional environment names', () => {
    const config = parseCommandLine(doc, { ...runtimeSettings({ service: 'collector', httpPort: 9101 }) }, [], {
      LOG_LEVEL: 'DEBUG',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel:4318',
      OTEL_SERVICE_NAME: 'collector-eu',
      WICK_SHUTDOWN_TIMEOUT: '30s',
    });
    expect(config).toEqual({
      kind: 'run',
      config: {
        serviceName: 'collector-eu',
        logLevel: 'debug',
        otlpEndpoint: 'http://otel:4318',
        httpHost: '0.0.0.0',
        httpPort: 9101,
        shutdownTimeout: 30_000,
      },
    });
  });

  it('are typed by their parsers', () => {
    const line = parseCommandLine(doc, { ...runtimeSettings({ service: 'x', httpPort: 1 }), kafkaBrokers }, [], {});
    if (line.kind !== 'run') throw new Error('expected a configuration');
    expectTypeOf(line.config.logLevel).toEqualTypeOf<'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent'>();
    expectTypeOf(line.config.otlpEndpoint).toEqualTypeOf<string | undefined>();
    expectTypeOf(line.config.httpPort).toEqualTypeOf<number>();
    expectTypeOf(line.config.kafkaBrokers).toEqualTypeOf<readonly string[]>();
    expect(line.config.logLevel).toBe('info');
  });

  it('reject a malformed value in one line naming the setting', () => {
    expect(() => parseCommandLine(doc, { port: httpPort(1) }, [], { WICK_HTTP_PORT: 'eighty' })).toThrow(
      'invalid env WICK_HTTP_PORT (--http-port): "eighty" is not an integer',
    );
  });
});

describe('runCommand', () => {
  const command = { name: 'demo', doc, spec };
  const capture = () => {
    const out = { stdout: '', stderr: '' };
    const output = { stdout: { write: (text: string) => (out.stdout += text) }, stderr: { write: (text: string) => (out.stderr += text) } };
    return { out, output };
  };

  it('prints help and exits 0 without running', async () => {
    const { out, output } = capture();
    let ran = false;
    const code = await runCommand(command, ['--help'], {}, async () => ((ran = true), 9), output);
    expect({ code, ran, stdout: out.stdout, stderr: out.stderr }).toEqual({ code: 0, ran: false, stdout: renderHelp(doc, spec), stderr: '' });
  });

  it('names a bad setting in one line on stderr and exits 2 without running', async () => {
    const { out, output } = capture();
    let ran = false;
    const code = await runCommand(command, ['--input', 'x', '--dry-run=maybe'], {}, async () => ((ran = true), 9), output);
    expect({ code, ran, stdout: out.stdout }).toEqual({ code: 2, ran: false, stdout: '' });
    expect(out.stderr).toMatch(/^wick demo: .*--dry-run.*\n$/);
  });

  it('runs with the validated configuration and returns its exit code', async () => {
    const { out, output } = capture();
    const code = await runCommand(command, ['--input', 'trades.csv'], { WICK_DB: 'postgres://h/x' }, async (config) => {
      expect(config).toMatchObject({ input: 'trades.csv', dryRun: false, databaseUrl: 'postgres://h/x' });
      return 7;
    }, output);
    expect({ code, out }).toEqual({ code: 7, out: { stdout: '', stderr: '' } });
  });
});
