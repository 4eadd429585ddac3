// Public API of the logging module; see logger.ts.
export { activeTraceFields, createLogger, silentLogger, type Logger, type LoggerOptions, type LogLevel } from './logger.js';
