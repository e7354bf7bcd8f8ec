// Brings a database to the current migrations: the one in DATABASE_URL when set,
// otherwise a database on the embedded PostgreSQL. Shared by the demo command, the
// e2e server and the test setup.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createDatabase, databaseExists, dropDatabase, startEmbeddedPostgres, withAdminClient } from "./pg.mjs";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export function runPrisma(args, env) {
  const cli = path.join(root, "node_modules", "prisma", "build", "index.js");
  const result = spawnSync(process.execPath, [cli, ...args], {
    cwd: root,
    env: { ...process.env, ...env, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    encoding: "utf8",
  });
  if (result.status !== 0) {
    throw new Error(`prisma ${args.join(" ")} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  return result;
}

/** Secrets the app needs, created once per checkout and kept in the git-ignored .data/. */
export function localSecrets() {
  const file = path.join(root, ".data", "secrets.json");
  let secrets = {};
  if (fs.existsSync(file)) secrets = JSON.parse(fs.readFileSync(file, "utf8"));
  let changed = false;
  for (const key of ["AUTH_SECRET", "AUDIT_HMAC_KEY"]) {
    if (!secrets[key]) {
      secrets[key] = randomBytes(32).toString("base64url");
      changed = true;
    }
  }
  if (changed) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  return {
    AUTH_SECRET: process.env.AUTH_SECRET || secrets.AUTH_SECRET,
    AUDIT_HMAC_KEY: process.env.AUDIT_HMAC_KEY || secrets.AUDIT_HMAC_KEY,
  };
}

/**
 * @param {{ dataDir: string, port: number, database: string, fresh?: boolean, fsync?: boolean }} options
 * @returns {Promise<{ url: string, adminUrl: string | null, embedded: boolean, stop: () => Promise<void> }>}
 */
export async function prepareDatabase({ dataDir, port, database, fresh = false, fsync = true }) {
  if (process.env.DATABASE_URL) {
    const url = process.env.DATABASE_URL;
    runPrisma(["migrate", "deploy"], { DATABASE_URL: url });
    await ensurePartitions(url);
    return { url, adminUrl: null, embedded: false, stop: async () => {} };
  }
  const server = await startEmbeddedPostgres({ dataDir, port, fsync });
  const adminUrl = server.url("postgres");
  if (fresh) await dropDatabase(adminUrl, database);
  if (!(await databaseExists(adminUrl, database))) await createDatabase(adminUrl, database);
  const url = server.url(database);
  runPrisma(["migrate", "deploy"], { DATABASE_URL: url });
  await ensurePartitions(url);
  return { url, adminUrl, embedded: true, stop: () => server.stop() };
}

/** Monthly audit partitions from last month to three months ahead. */
export async function ensurePartitions(url) {
  await withAdminClient(url, (c) =>
    c.query("SELECT audit_ensure_partitions(now() - interval '1 month', now() + interval '3 months')"),
  );
}
