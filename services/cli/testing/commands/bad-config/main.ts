// Test fixture for the CLI dispatcher: a command whose configuration is invalid.
import { ConfigError } from '../../../../../common/config/index.js';

export async function main(_args: readonly string[]): Promise<number> {
  throw new ConfigError('invalid --http-port (WICK_HTTP_PORT): "x" is not an integer', 'http-port', 'flag');
}
