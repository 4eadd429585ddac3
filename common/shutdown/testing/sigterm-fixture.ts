// A tiny service for the shutdown subprocess test: registers steps out of
// order, prints "ready", and waits for signals. Mode `hang` makes the drain
// step never finish, to test the time bound and the forced second signal.
import { createLogger } from '../../log/index.js';
import { ShutdownCoordinator } from '../coordinator.js';

const mode = process.argv[2] ?? 'ok';
const timeoutMs = Number(process.argv[3] ?? '5000');
const logger = createLogger({ service: 'shutdown-fixture', level: 'info' });
const coordinator = new ShutdownCoordinator({ timeoutMs, logger });
const keepAlive = setInterval(() => undefined, 60_000);

const mark = (name: string) => () => {
  logger.info({ ran: name }, 'fixture step');
};
coordinator.register({ phase: 'close', name: 'close connections', run: mark('close connections') });
coordinator.register({ phase: 'commit', name: 'commit offsets', run: mark('commit offsets') });
coordinator.register({
  phase: 'drain',
  name: 'drain',
  run: () =>
    mode === 'hang'
      ? new Promise<void>(() => undefined)
      : new Promise<void>((resolve) => setTimeout(() => resolve(mark('drain')()), 50)),
});
coordinator.register({
  phase: 'stop-intake',
  name: 'stop intake',
  run: () => {
    clearInterval(keepAlive);
    mark('stop intake')();
  },
});
coordinator.listen();
process.stdout.write('ready\n');
