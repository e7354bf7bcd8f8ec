// Playwright's web server: a fresh cluster and database with the demo data and a
// signed checkpoint, and the production build (`next build` must have run) on
// E2E_PORT. Every secret is random and lives only as long as this process.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { appEnv, ephemeralSecrets, prepareDatabase, root, signerEnv } from "./prepare-db.mjs";
import { pusherEnv, soketiCredentials, startSoketi } from "./soketi.mjs";

const port = Number(process.env.E2E_PORT ?? 3100);
const secrets = ephemeralSecrets();
const dataDir = path.join(os.tmpdir(), `hr-governance-e2e-pg-${process.pid}`, "data");
const database = await prepareDatabase({ dataDir, port: Number(process.env.E2E_PG_PORT ?? 54360), database: "hr_e2e", secrets, fresh: true, fsync: false });
let catcher = null;
const stopDatabase = async () => {
  await catcher?.close();
  await database.stop();
};
// Email goes to an SMTP catcher on loopback; the local Inngest driver runs every scheduled
// function once when the app answers (scans, then delivery), then on its crons.
const { startSmtpCatcher } = await import("../lib/email/catcher.ts");
const mailboxFile = path.join(path.dirname(dataDir), "mailbox.jsonl");
catcher = await startSmtpCatcher({ port: Number(process.env.E2E_SMTP_PORT ?? 2626), file: mailboxFile });
const env = {
  ...process.env, ...appEnv(secrets), DATABASE_URL: database.url, NEXT_TELEMETRY_DISABLED: "1",
  SMTP_URL: `smtp://127.0.0.1:${catcher.port}`, MAILBOX_FILE: mailboxFile, APP_URL: `http://127.0.0.1:${port}`,
  INNGEST_LOCAL_TOKEN: randomBytes(24).toString("base64url"),
  // The streams spec delivers to a webhook receiver it runs on loopback.
  STREAM_ALLOW_HOSTS: "127.0.0.1",
  // Alert digests without the 5-minute grouping window: the first round's are sent in the driver's initial run.
  SEED_DIGEST_WINDOW_MINUTES: "0",
};
delete env.INNGEST_SIGNING_KEY;
for (const [script, args, extra] of [["prisma/seed.ts", [], { MIGRATION_DATABASE_URL: database.ownerUrl }], ["scripts/audit-maintain.ts", ["--force"], signerEnv(secrets)]]) {
  const ran = spawnSync(process.execPath, ["--import", "tsx", script, ...args], { cwd: root, env: { ...env, ...extra }, stdio: "inherit" });
  if (ran.status !== 0) {
    await stopDatabase();
    process.exit(1);
  }
}
// A real Pusher-protocol server on loopback (E2E_SOKETI_PORT), random credentials.
const soketiPort = Number(process.env.E2E_SOKETI_PORT ?? 6101);
const credentials = soketiCredentials();
let soketi;
try {
  soketi = await startSoketi({ port: soketiPort, ...credentials });
} catch (error) {
  console.error(String(error?.message ?? error));
  await stopDatabase();
  process.exit(1);
}
Object.assign(env, pusherEnv({ port: soketiPort, ...credentials }));
const app = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(port), "-H", "127.0.0.1"], { cwd: root, env, stdio: "inherit" });
const driver = spawn(process.execPath, ["--import", "./scripts/server-only-hook.mjs", "--import", "tsx", "scripts/inngest-driver.ts", "--initial-run"], {
  cwd: root, env: { ...env, ...signerEnv(secrets), INNGEST_DRIVER_URL: `http://127.0.0.1:${port}/api/inngest` }, stdio: "inherit",
});
let stopping = false;
const stop = async (code = 0) => {
  if (stopping) return;
  stopping = true;
  app.kill("SIGTERM");
  await soketi.stop();
  driver.kill("SIGTERM");
  await stopDatabase();
  process.exit(code);
};
process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));
// Whatever ends this process (a child's connection error on the way down included),
// its throwaway cluster's files go with it.
process.on("exit", () => fs.rmSync(path.dirname(dataDir), { recursive: true, force: true }));
app.on("exit", (code) => stop(code ?? 0));
