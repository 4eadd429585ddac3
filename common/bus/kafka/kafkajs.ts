// kafkajs is loaded with require(), not import: OpenTelemetry instruments
// modules through a require hook, so telemetry started before this call
// (see common/telemetry) can patch kafkajs. Only types come from `import type`.

import { createRequire } from 'node:module';
import type * as KafkaJs from 'kafkajs';

export type KafkaJsModule = typeof KafkaJs;

let loaded: KafkaJsModule | undefined;

export function loadKafkaJs(): KafkaJsModule {
  loaded ??= createRequire(import.meta.url)('kafkajs') as KafkaJsModule;
  return loaded;
}
