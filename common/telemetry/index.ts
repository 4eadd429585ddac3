// Public API of the telemetry module; see telemetry.ts (and its ESM caveat on kafkajs).
export { startTelemetry, tracesUrl, type Telemetry, type TelemetryOptions } from './telemetry.js';
