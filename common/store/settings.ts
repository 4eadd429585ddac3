// Settings of the candle store, declared once for every command that opens
// it (`wick migrate` and the services). DATABASE_URL itself is the shared
// databaseUrl setting of common/config.
import { setting, ValueError, type Parser } from '../config/index.js';
import { StoreError } from './errors.js';

// Lower-case identifiers only: the name is spliced into search_path and
// CREATE SCHEMA, and needs no quoting rules when it cannot contain any.
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function checkSchemaName(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) {
    throw new StoreError('INVALID_QUERY', `schema name ${JSON.stringify(schema.slice(0, 70))} is not a lower-case identifier (a-z, 0-9, _)`);
  }
  return schema;
}

const schemaName: Parser<string> = {
  hint: 'identifier',
  parse(raw) {
    const text = raw.trim();
    if (!SCHEMA_NAME.test(text)) throw new ValueError(`${JSON.stringify(raw.slice(0, 70))} is not a lower-case identifier (a-z, 0-9, _)`);
    return text;
  },
  format: (value) => value,
};

export const databaseSchema = setting({
  flag: 'database-schema',
  env: 'WICK_DATABASE_SCHEMA',
  description: "PostgreSQL schema holding wick's candle tables (created by wick migrate when missing).",
  parser: schemaName,
  default: 'public',
});
