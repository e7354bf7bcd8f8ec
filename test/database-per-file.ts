// Runs before each integration test file: a fresh copy of the migrated template, so
// files run in parallel without seeing each other's rows (or tampering).
import { randomBytes } from "node:crypto";
import { afterAll, inject } from "vitest";
import pg from "pg";

const adminUrl = inject("adminUrl");
const template = inject("templateDatabase");
const name = `t_${randomBytes(6).toString("hex")}`;

async function admin(sql: string) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

for (let attempt = 0; ; attempt++) {
  try {
    await admin(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
    break;
  } catch (error) {
    // Two files cloning the template at the same instant can collide; try again.
    if (attempt >= 10) throw error;
    await new Promise((r) => setTimeout(r, 100 + Math.random() * 300));
  }
}

process.env.DATABASE_URL = adminUrl.replace(/\/[^/?]+(\?|$)/, `/${name}$1`);
process.env.AUTH_SECRET ??= randomBytes(32).toString("hex");
process.env.AUDIT_HMAC_KEY ??= randomBytes(32).toString("hex");
process.env.AUDIT_ARCHIVE_DIR ??= `/tmp/hr-governance-test-archive/${name}`;

afterAll(async () => {
  const { db } = await import("@/lib/db");
  await db.$disconnect();
  await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
});
