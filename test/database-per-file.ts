// Runs before each integration test file: a fresh copy of the migrated template, so
// files run in parallel without seeing each other's rows (or tampering). The file
// connects as the runtime role, with the test run's signing key.
import { afterAll, inject } from "vitest";
import { createTestDatabase, dropTestDatabase } from "./test-database";

const database = await createTestDatabase("t");
const secrets = inject("testSecrets");

process.env.DATABASE_URL = database.url;
process.env.TEST_OWNER_DATABASE_URL = database.ownerUrl;
process.env.TEST_SUPER_DATABASE_URL = database.superUrl;
process.env.AUTH_SECRET ??= secrets.AUTH_SECRET;
process.env.AUDIT_SIGNING_KEY ??= secrets.AUDIT_SIGNING_KEY;
process.env.STREAM_SECRET_KEY ??= secrets.STREAM_SECRET_KEY;
// The stream tests deliver to receivers on loopback (STREAM_ALLOW_HOSTS lifts the SSRF guard for them).
process.env.STREAM_ALLOW_HOSTS ??= "127.0.0.1";
process.env.AUDIT_ARCHIVE_DIR ??= `/tmp/hr-governance-test-archive/${database.name}`;

afterAll(async () => {
  // A file that opened a live tail (the route, the fuzz run) leaves the process's LISTEN
  // connection open: close it before the database goes.
  await (globalThis as { __auditTailHub?: { close(): Promise<void> } }).__auditTailHub?.close();
  // Session counters gathered by this file's requests, written while the database is there.
  const { flushSessionUse } = await import("@/lib/auth/session-activity");
  await flushSessionUse();
  const { db } = await import("@/lib/db");
  await db.$disconnect();
  await dropTestDatabase(database.name);
});
