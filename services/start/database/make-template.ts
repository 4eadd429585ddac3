// Makes the embedded database's cluster template ahead of the first
// `wick start` (pglite-template.ts): run by `npm ci` through the root
// package's `prepare` script, so a new user's first start copies a cluster
// instead of waiting 5 to 15 s for initdb. Never fails the install: without
// a template `wick start` makes one itself, only slower.
//
//   node bin/run-ts.js services/start/database/make-template.ts
import { createLogger } from '../../../common/log/index.js';
import { makeTemplate, templateDir } from './pglite-template.js';

const logger = createLogger({ service: 'wick-template', level: 'warn' });
const template = templateDir();
const started = Date.now();
try {
  if (await makeTemplate(template, logger)) console.log(`wick: embedded database template ready in ${Date.now() - started} ms (${template})`);
} catch (error) {
  console.warn(`wick: could not make the embedded database template (${String(error)}); the first \`wick start\` makes it instead`);
}
