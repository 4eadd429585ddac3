// Public API of the graceful shutdown coordinator; see coordinator.ts.
export {
  SHUTDOWN_PHASES,
  ShutdownCoordinator,
  type ShutdownOptions,
  type ShutdownPhase,
  type ShutdownStep,
  type SignalSource,
} from './coordinator.js';
