// Playwright's web server: a fresh cluster and database with the demo data and a
// signed checkpoint, and the production build (`next build` must have run) on
// E2E_PORT. Every secret is random and lives only as long as this process.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { appEnv, ephemeralSecrets, prepareDatabase, root, signerEnv } from "./prepare-db.mjs";
import { pusherEnv, soketiCredentials, startSoketi } from "./soketi.mjs";

const port = Number(process.env.E2E_PORT ?? 3100);
const secrets = ephemeralSecrets();
const dataDir = path.join(os.tmpdir(), `hr-governance-e2e-pg-${process.pid}`, "data");
const database = await prepareDatabase({ dataDir, port: Number(process.env.E2E_PG_PORT ?? 54360), database: "hr_e2e", secrets, fresh: true, fsync: false });
const stopDatabase = async () => {
  await database.stop();
  fs.rmSync(path.dirname(dataDir), { recursive: true, force: true });
};
const env = { ...process.env, ...appEnv(secrets), DATABASE_URL: database.url, NEXT_TELEMETRY_DISABLED: "1" };
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
let stopping = false;
const stop = async (code = 0) => {
  if (stopping) return;
  stopping = true;
  app.kill("SIGTERM");
  await soketi.stop();
  await stopDatabase();
  process.exit(code);
};
process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));
app.on("exit", (code) => stop(code ?? 0));
