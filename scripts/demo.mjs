// `npm run demo`: PostgreSQL (embedded unless DATABASE_URL is set), migrations, demo
// data on first run, a production build when the sources changed, and the app on
// http://localhost:3000, with a local SMTP catcher (127.0.0.1:2525, the dev mailbox page
// reads what it caught) and the local Inngest driver, which runs the scheduled functions
// (alert scans, outbox delivery, audit anomalies, partitions and signed checkpoints)
// through the app's /api/inngest route. Ctrl+C stops all of it.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { appEnv, localSecrets, prepareDatabase, root, signerEnv } from "./prepare-db.mjs";
import { pusherEnv, soketiCredentials, startSoketi } from "./soketi.mjs";

const PORT = Number(process.env.PORT ?? 3000);
const PG_PORT = Number(process.env.PG_PORT ?? 54329);
const SMTP_PORT = Number(process.env.SMTP_PORT ?? 2525);
// Inngest Cloud (or a self-hosted Inngest server) drives the schedule when its signing key
// is set; otherwise the local driver does (README "Scheduled jobs").
const LOCAL_SCHEDULER = !process.env.INNGEST_SIGNING_KEY;
const SOKETI_PORT = Number(process.env.SOKETI_PORT ?? 6001);

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name.startsWith(".") || entry.name === "generated") continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

function needsBuild() {
  const buildId = path.join(root, ".next", "BUILD_ID");
  if (!fs.existsSync(buildId)) return true;
  const built = fs.statSync(buildId).mtimeMs;
  return ["app", "components", "lib", "prisma"].some((d) => fs.existsSync(path.join(root, d)) && newestMtime(path.join(root, d)) > built);
}

const step = (msg) => console.log(`\n▸ ${msg}`);

step(process.env.DATABASE_URL ? "Using DATABASE_URL" : `Starting embedded PostgreSQL 18 on 127.0.0.1:${PG_PORT}`);
const secrets = localSecrets();
const database = await prepareDatabase({ dataDir: path.join(root, ".data", "pg"), port: PG_PORT, database: "hr_governance", secrets });
// The app connects as the runtime role and verifies with the public key only; the
// maintenance job (and audit:archive) alone hold the signing key.
step(process.env.SMTP_URL ? `Sending email through SMTP_URL` : `Starting the SMTP catcher on 127.0.0.1:${SMTP_PORT}`);
const { startSmtpCatcher } = await import("../lib/email/catcher.ts");
const mailboxFile = path.join(root, ".data", "mailbox.jsonl");
const catcher = process.env.SMTP_URL ? null : await startSmtpCatcher({ port: SMTP_PORT, file: mailboxFile });
const mailEnv = catcher ? { SMTP_URL: `smtp://127.0.0.1:${catcher.port}`, MAILBOX_FILE: mailboxFile } : {};
const schedulerEnv = LOCAL_SCHEDULER ? { INNGEST_LOCAL_TOKEN: randomBytes(24).toString("base64url") } : {};
const env = { ...process.env, ...appEnv(secrets), ...mailEnv, ...schedulerEnv, APP_URL: process.env.APP_URL ?? `http://localhost:${PORT}`, DATABASE_URL: database.url, NEXT_TELEMETRY_DISABLED: "1" };
const maintenanceEnv = { ...env, ...signerEnv(secrets) };

step("Loading demo data (first run only)");
// The seed gets the owner's connection too: the demo's ninety days of audit history go
// in through the owner-only audit_import_history().
const seeded = spawnSync(process.execPath, ["--import", "tsx", "prisma/seed.ts"], { cwd: root, env: { ...env, MIGRATION_DATABASE_URL: database.ownerUrl }, stdio: "inherit" });
if (seeded.status !== 0) {
  await catcher?.close();
  await database.stop();
  process.exit(seeded.status ?? 1);
}

step("Audit maintenance: partitions and a signed checkpoint");
const maintained = spawnSync(process.execPath, ["--import", "tsx", "scripts/audit-maintain.ts", "--force"], { cwd: root, env: maintenanceEnv, stdio: "inherit" });
if (maintained.status !== 0) {
  await database.stop();
  process.exit(maintained.status ?? 1);
}

if (needsBuild()) {
  step("Building the app (first run, or sources changed; about two minutes)");
  const built = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], { cwd: root, env, stdio: "inherit" });
  if (built.status !== 0) {
    await database.stop();
    process.exit(built.status ?? 1);
  }
}

// Realtime: Pusher Channels when PUSHER_APP_ID is set, otherwise soketi on loopback
// with credentials made for this run.
let soketi = null;
if (!process.env.PUSHER_APP_ID) {
  step(`Starting soketi (realtime) on 127.0.0.1:${SOKETI_PORT}`);
  const credentials = soketiCredentials();
  try {
    soketi = await startSoketi({ port: SOKETI_PORT, ...credentials });
  } catch (error) {
    console.error(String(error?.message ?? error));
    await database.stop();
    process.exit(1);
  }
  Object.assign(env, pusherEnv({ port: SOKETI_PORT, ...credentials }));
}

step(`Starting the app on http://localhost:${PORT}`);
// Loopback only by default: the demo accounts have published passwords. HOST=0.0.0.0 opens it up.
const app = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(PORT), "-H", process.env.HOST ?? "127.0.0.1"], { cwd: root, env, stdio: ["ignore", "pipe", "inherit"] });
// The local Inngest driver: every scheduled function on its cron through /api/inngest. It
// holds the signing key for audit-checkpoint, which it runs in its own process.
const driver = LOCAL_SCHEDULER
  ? spawn(process.execPath, ["--import", "./scripts/server-only-hook.mjs", "--import", "tsx", "scripts/inngest-driver.ts", "--initial-run"], {
      cwd: root,
      env: { ...maintenanceEnv, INNGEST_DRIVER_URL: `http://127.0.0.1:${PORT}/api/inngest` },
      stdio: ["ignore", "inherit", "inherit"],
    })
  : null;
app.stdout.on("data", (chunk) => {
  process.stdout.write(chunk);
  if (String(chunk).includes("Ready")) printSignIns();
});

const { DEMO_ACCOUNTS, DEMO_PASSWORD } = await import("../prisma/demo-accounts.ts");
function printSignIns() {
  console.log(`\n  Open http://localhost:${PORT} and sign in with any of these (password for all: ${DEMO_PASSWORD}):\n`);
  for (const a of DEMO_ACCOUNTS) console.log(`    ${a.role.padEnd(16)} ${a.email}`);
  console.log(`\n  Database (the app's own role, which cannot change audit rows): psql "${database.url}"`);
  console.log(soketi ? `  Realtime: soketi on 127.0.0.1:${SOKETI_PORT} (loopback only; stops with the demo)` : "  Realtime: Pusher settings from PUSHER_*");
  console.log(`  Audit public key: .data/audit-public-key.pem (npm run audit:verify -- --public-key .data/audit-public-key.pem)`);
  console.log(`  Passwords and the audit signing key: .data/secrets.json (mode 0600)`);
  console.log(LOCAL_SCHEDULER ? "  Scheduler: local Inngest driver (set INNGEST_SIGNING_KEY to let Inngest drive /api/inngest)" : "  Scheduler: Inngest (INNGEST_SIGNING_KEY is set)");
  if (catcher) console.log(`  Email: SMTP catcher on 127.0.0.1:${catcher.port}; read it at /admin/mailbox as admin@acme.test`);
  console.log(`  Press Ctrl+C to stop.\n`);
}

let stopping = false;
async function shutdown(code = 0) {
  if (stopping) return;
  stopping = true;
  app.kill("SIGTERM");
  driver?.kill("SIGTERM");
  await catcher?.close();
  await soketi?.stop();
  await database.stop();
  process.exit(code);
}
process.on("SIGINT", () => shutdown(0));
process.on("SIGTERM", () => shutdown(0));
app.on("exit", (code) => shutdown(code ?? 0));
