// Public API of the configuration framework; see setting.ts and load.ts.
export { ConfigError, type ConfigSource } from './config-error.js';
export { ValueError, quote, type Parser } from './parser.js';
export { bool, duration, formatDuration, hostPort, int, list, oneOf, port, redactUrl, str, url } from './parsers.js';
export { setting, settingNames, type ConfigOf, type Presence, type Setting, type SettingDefinition, type SettingsSpec } from './setting.js';
export { loadConfig, type Environment } from './load.js';
export { wantsHelp } from './argv.js';
export { renderHelp, type CommandDoc } from './help.js';
export { parseCommandLine, runCommand, type CommandLine, type CommandOutput } from './command.js';
export {
  databaseUrl,
  httpHost,
  httpPort,
  kafkaBrokers,
  LOG_LEVELS,
  logLevel,
  otlpEndpoint,
  redisUrl,
  runtimeSettings,
  serviceName,
  shutdownTimeout,
  type LogLevel,
} from './shared.js';
