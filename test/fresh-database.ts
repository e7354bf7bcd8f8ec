// A brand-new migrated database for one test, for tests that damage what they touch
// (tampering with the audit chain). Modules are re-imported so lib/db binds to it.
import pg from "pg";
import { vi } from "vitest";
import { createTestDatabase, dropTestDatabase, type TestDatabase } from "./test-database";

export async function useFreshDatabase(): Promise<TestDatabase & { drop: () => Promise<void> }> {
  const database = await createTestDatabase("f");
  const previous = process.env.DATABASE_URL;
  process.env.DATABASE_URL = database.url;
  vi.resetModules();
  return {
    ...database,
    drop: async () => {
      const { db } = await import("@/lib/db");
      await db.$disconnect();
      process.env.DATABASE_URL = previous;
      vi.resetModules();
      await dropTestDatabase(database.name);
    },
  };
}

/** Runs SQL on `url` with the connection's role; `params` as for pg. */
export async function sqlAs<R extends pg.QueryResultRow = Record<string, unknown>>(url: string, sql: string, params: unknown[] = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query<R>(sql, params);
  } finally {
    await client.end();
  }
}

/**
 * Runs SQL as the cluster's superuser with triggers off, the way an attacker with full
 * access would. `superUrl` is a TestDatabase's superUrl.
 */
export async function asSuperuser(superUrl: string, sql: string, params: unknown[] = []) {
  const client = new pg.Client({ connectionString: superUrl });
  await client.connect();
  try {
    await client.query("SET session_replication_role = replica");
    return await client.query(sql, params);
  } finally {
    await client.end();
  }
}
