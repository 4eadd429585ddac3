// Public API of the retry helper; see retry.ts.
export {
  createRetryMetrics,
  isTransient,
  retry,
  type RetryMetrics,
  type RetryOptions,
  type RetryOutcome,
  type RetryPolicy,
} from './retry.js';
