// `wick start` (and `npm start`): reads the configuration and starts
// opening the embedded database at once, before anything else loads: the
// database (PostgreSQL in WebAssembly) is the slowest part to come up, so it
// opens while the modules of every other part load (run-engine.ts does the
// rest). Exit codes: 0 clean shutdown, 1 a failure, 2 a bad command line.
import { runCommand } from '../../common/config/index.js';
import { createLogger } from '../../common/log/index.js';
import { openEmbeddedDatabase } from './database/embedded-database.js';
import { startDoc, startSettings } from './settings.js';

export async function main(args: readonly string[], env: Readonly<Record<string, string | undefined>> = process.env): Promise<number> {
  return runCommand({ name: 'start', doc: startDoc, spec: startSettings }, args, env, async (config) => {
    const logger = createLogger({ service: config.serviceName, level: config.logLevel });
    const database = openEmbeddedDatabase(config.dataDir, logger.child({ component: 'database' }));
    // Awaited (and its failure reported) by the engine; never an unhandled rejection meanwhile.
    database.catch(() => undefined);
    const { runEngine } = await import('./run-engine.js');
    return runEngine(config, logger, database);
  });
}
