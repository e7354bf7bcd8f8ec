// Playwright's web server: a fresh database with the demo data, and the production
// build (`next build` must have run) on E2E_PORT.
import { spawn, spawnSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { localSecrets, prepareDatabase, root } from "./prepare-db.mjs";

const port = Number(process.env.E2E_PORT ?? 3100);
const database = await prepareDatabase({
  dataDir: path.join(os.tmpdir(), "hr-governance-e2e-pg", "data"),
  port: Number(process.env.E2E_PG_PORT ?? 54360),
  database: "hr_e2e",
  fresh: true,
  fsync: false,
});
const env = { ...process.env, ...localSecrets(), DATABASE_URL: database.url, NEXT_TELEMETRY_DISABLED: "1" };
const seeded = spawnSync(process.execPath, ["--import", "tsx", "prisma/seed.ts"], { cwd: root, env, stdio: "inherit" });
if (seeded.status !== 0) {
  await database.stop();
  process.exit(1);
}
const app = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(port)], { cwd: root, env, stdio: "inherit" });
const stop = async () => {
  app.kill("SIGTERM");
  await database.stop();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
app.on("exit", async (code) => {
  await database.stop();
  process.exit(code ?? 0);
});
