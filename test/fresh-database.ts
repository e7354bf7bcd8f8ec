// A brand-new migrated database for one test, for tests that damage what they touch
// (tampering with the audit chain). Modules are re-imported so lib/db binds to it.
import pg from "pg";
import { vi } from "vitest";
import { createTestDatabase, dropTestDatabase, type TestDatabase } from "./test-database";

export type FreshDatabase = TestDatabase & { drop: () => Promise<void> };

/**
 * For a beforeEach: a brand-new database, then the modules `load` imports, bound to it
 * (lib/db reads DATABASE_URL when first imported). Give it back with `fresh.drop()` in
 * the afterEach.
 */
export async function freshDatabaseWith<M>(load: () => Promise<M>): Promise<{ fresh: FreshDatabase; m: M }> {
  const database = await createTestDatabase("f");
  const previous = process.env.DATABASE_URL;
  process.env.DATABASE_URL = database.url;
  vi.resetModules();
  const fresh = {
    ...database,
    drop: async () => {
      const { db } = await import("@/lib/db");
      await db.$disconnect();
      process.env.DATABASE_URL = previous;
      vi.resetModules();
      await dropTestDatabase(database.name);
    },
  };
  return { fresh, m: await load() };
}

/** What the tests that damage the audit log write and check it with. */
export async function auditModules() {
  return {
    db: (await import("@/lib/db")).db,
    auditedTransaction: (await import("@/lib/audit/write/transaction")).auditedTransaction,
    verifyAuditLog: (await import("@/lib/audit/integrity/verify")).verifyAuditLog,
    createCheckpoint: (await import("@/lib/audit/integrity/checkpoint")).createCheckpoint,
    systemActor: (await import("@/lib/audit/write/actor")).systemActor,
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
