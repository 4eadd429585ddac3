import { describe, expect, expectTypeOf, it } from 'vitest';
import { ConfigError } from './config-error.js';
import { loadConfig } from './load.js';
import { bool, duration, hostPort, int, list, str } from './parsers.js';
import { setting } from './setting.js';

const spec = {
  brokers: setting({ flag: 'kafka-brokers', env: 'KAFKA_BROKERS', description: 'Brokers.', parser: list(hostPort()), default: ['a:1'] }),
  port: setting({ flag: 'http-port', env: 'WICK_HTTP_PORT', description: 'Port.', parser: int({ min: 0, max: 65_535 }), default: 8080 }),
  grace: setting({ flag: 'grace', env: 'WICK_GRACE', description: 'Grace.', parser: duration(), default: 2_000 }),
  verbose: setting({ flag: 'verbose', env: 'WICK_VERBOSE', description: 'Verbose.', parser: bool(), default: false }),
  input: setting({ flag: 'input', description: 'Input file.', parser: str() }),
  timezone: setting({ flag: 'timezone', description: 'Offset.', parser: str() }),
};

function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).not.toContain('\n');
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('precedence', () => {
  it('uses defaults when neither flag nor env is set', () => {
    const config = loadConfig(spec, [], {});
    expect(config).toEqual({ brokers: ['a:1'], port: 8080, grace: 2_000, verbose: false, input: undefined, timezone: undefined });
  });
  it('prefers env over the default', () => {
    expect(loadConfig(spec, [], { WICK_HTTP_PORT: '9000' }).port).toBe(9000);
  });
  it('prefers the flag over env', () => {
    expect(loadConfig(spec, ['--http-port', '7000'], { WICK_HTTP_PORT: '9000' }).port).toBe(7000);
    expect(loadConfig(spec, ['--http-port=7001'], { WICK_HTTP_PORT: '9000' }).port).toBe(7001);
  });
  it('treats an empty environment variable as unset', () => {
    expect(loadConfig(spec, [], { WICK_HTTP_PORT: '' }).port).toBe(8080);
  });
  it('does not validate a lower-precedence value that is overridden', () => {
    expect(loadConfig(spec, ['--http-port', '1'], { WICK_HTTP_PORT: 'junk' }).port).toBe(1);
  });
  it('returns a frozen object typed from the spec', () => {
    const config = loadConfig(spec, ['--kafka-brokers', 'x:1,y:2', '--input', 'f.csv'], {});
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.brokers)).toBe(true);
    expect(config.brokers).toEqual(['x:1', 'y:2']);
    expectTypeOf(config.port).toEqualTypeOf<number>();
    expectTypeOf(config.brokers).toEqualTypeOf<readonly string[]>();
    expectTypeOf(config.input).toEqualTypeOf<string | undefined>();
    expectTypeOf(config.verbose).toEqualTypeOf<boolean>();
  });
});

describe('flag syntax', () => {
  it('reads a bare boolean flag as true and --no-flag as false', () => {
    expect(loadConfig(spec, ['--verbose'], {}).verbose).toBe(true);
    expect(loadConfig(spec, ['--no-verbose'], { WICK_VERBOSE: 'true' }).verbose).toBe(false);
    expect(loadConfig(spec, ['--verbose=false'], {}).verbose).toBe(false);
  });
  it('accepts a value that starts with a single dash', () => {
    expect(loadConfig(spec, ['--timezone', '-05:00'], {}).timezone).toBe('-05:00');
  });
  it('accepts an empty terminator with nothing after it', () => {
    expect(loadConfig(spec, ['--http-port', '1', '--'], {}).port).toBe(1);
  });
});

describe('rejections', () => {
  it('names flag, env and problem for a bad flag value', () => {
    const error = configError(() => loadConfig(spec, ['--kafka-brokers', 'foo'], {}));
    expect(error.message).toBe('invalid --kafka-brokers (KAFKA_BROKERS): "foo" is not host:port');
    expect(error.flag).toBe('kafka-brokers');
    expect(error.source).toBe('flag');
  });
  it('names the environment variable first when the bad value came from env', () => {
    const error = configError(() => loadConfig(spec, [], { WICK_GRACE: '5 minutes' }));
    expect(error.message).toBe('invalid env WICK_GRACE (--grace): "5 minutes" is not a duration (e.g. 500ms, 5s, 2m, 1h)');
    expect(error.source).toBe('env');
  });
  it('rejects an unknown flag, suggesting a close one', () => {
    expect(configError(() => loadConfig(spec, ['--kafka-broker', 'x:1'], {})).message).toBe(
      'unknown flag --kafka-broker (did you mean --kafka-brokers?)',
    );
    expect(configError(() => loadConfig(spec, ['--frobnicate=1'], {})).message).toBe('unknown flag --frobnicate (see --help)');
    expect(configError(() => loadConfig(spec, ['-x'], {})).message).toBe('unknown flag -x (see --help)');
  });
  it('rejects --no- on a flag that is not boolean', () => {
    expect(configError(() => loadConfig(spec, ['--no-input'], {})).message).toBe('unknown flag --no-input (--input takes a value and has no --no- form)');
  });
  it('rejects a flag without its value', () => {
    expect(configError(() => loadConfig(spec, ['--input'], {})).message).toBe('missing value for --input (expected string)');
    expect(configError(() => loadConfig(spec, ['--input', '--verbose'], {})).message).toBe('missing value for --input (expected string)');
  });
  it('rejects a repeated flag', () => {
    expect(configError(() => loadConfig(spec, ['--http-port', '1', '--http-port=2'], {})).message).toBe('--http-port is given more than once');
  });
  it('rejects positional arguments', () => {
    expect(configError(() => loadConfig(spec, ['file.csv'], {})).message).toBe(
      'unexpected argument "file.csv" (this command takes flags only; see --help)',
    );
    expect(configError(() => loadConfig(spec, ['--', 'x'], {})).message).toContain('unexpected argument "x"');
  });
  it('rejects a missing required setting', () => {
    const required = { input: setting({ flag: 'input', env: 'WICK_INPUT', description: 'Input.', parser: str(), required: true }) };
    expect(configError(() => loadConfig(required, [], {})).message).toBe('missing --input (WICK_INPUT): a value is required');
    expect(loadConfig(required, [], { WICK_INPUT: 'x' }).input).toBe('x');
  });
  it('hides the value of a secret setting', () => {
    const secret = { token: setting({ flag: 'token', env: 'WICK_TOKEN', description: 'Token.', parser: int(), secret: true }) };
    const error = configError(() => loadConfig(secret, [], { WICK_TOKEN: 'hunter2' }));
    expect(error.message).toBe('invalid env WICK_TOKEN (--token): the value (hidden) is not a valid integer');
  });
});

describe('declarations', () => {
  it('rejects malformed names and contradictory presence at declaration time', () => {
    expect(() => setting({ flag: 'Bad_Flag', description: '', parser: str() })).toThrow('not kebab-case');
    expect(() => setting({ flag: 'ok', env: 'lower', description: '', parser: str() })).toThrow('not UPPER_SNAKE_CASE');
  });
  it('rejects a spec that declares the same flag or env twice', () => {
    const twice = {
      a: setting({ flag: 'same', description: '', parser: str() }),
      b: setting({ flag: 'same', description: '', parser: str() }),
    };
    expect(() => loadConfig(twice, [], {})).toThrow('declares --same twice');
  });
});
