// A throwaway schema per integration test run on the real PostgreSQL, so runs
// never see each other's tables, and dropped afterwards.
import pg from 'pg';
import { DATABASE_URL } from '../../testing/infra.js';
import { uniqueSuffix } from './fixtures.js';

export function testSchemaName(purpose: string): string {
  return `wick_test_${purpose}_${uniqueSuffix()}`;
}

/** Runs SQL in `schema` on a short-lived connection and returns the rows. */
export async function sqlInSchema(schema: string, text: string): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({ connectionString: DATABASE_URL, options: `-c search_path=${schema},public` });
  await client.connect();
  try {
    return (await client.query<Record<string, unknown>>(text)).rows;
  } finally {
    await client.end();
  }
}

export async function dropSchema(schema: string): Promise<void> {
  await sqlInSchema('public', `DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
}
