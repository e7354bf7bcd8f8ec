// A brand-new migrated database for one test, for tests that damage what they touch
// (tampering with the audit chain). Modules are re-imported so lib/db binds to it.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject, vi } from "vitest";

async function admin(sql: string) {
  const client = new pg.Client({ connectionString: inject("adminUrl") });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function useFreshDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `f_${randomBytes(6).toString("hex")}`;
  await admin(`CREATE DATABASE "${name}" TEMPLATE "${inject("templateDatabase")}"`);
  const previous = process.env.DATABASE_URL;
  const url = inject("adminUrl").replace(/\/[^/?]+(\?|$)/, `/${name}$1`);
  process.env.DATABASE_URL = url;
  vi.resetModules();
  return {
    url,
    drop: async () => {
      const { db } = await import("@/lib/db");
      await db.$disconnect();
      process.env.DATABASE_URL = previous;
      vi.resetModules();
      await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

/** Runs SQL as the superuser with triggers off, the way an attacker with full access would. */
export async function asSuperuser(url: string, sql: string, params: unknown[] = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SET session_replication_role = replica");
    return await client.query(sql, params);
  } finally {
    await client.end();
  }
}
