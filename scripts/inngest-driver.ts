// The local Inngest driver (embedded default; README "Scheduled jobs"): on each
// function's cron it runs the function through the app's serve() route, the way an
// Inngest server would. One driver drives across instances: it holds a PostgreSQL
// advisory lock for its lifetime; others wait as standbys.
//   INNGEST_DRIVER_URL   the route, e.g. http://127.0.0.1:3000/api/inngest
//   INNGEST_LOCAL_TOKEN  the token the route expects from the driver
//   --once <id|all>      run one function (or all) now and exit
//   --initial-run        once the route answers, run every function once, then follow the crons
// Functions that sign (audit-checkpoint) run in this process, which holds the signing
// key; the web app does not.
import "./local-env.mjs";
import { Cron } from "croner";
import pg from "pg";
import { serve } from "inngest/next";
import { APP_ID, inngest } from "@/inngest/client";
import { functions, SIGNER_FUNCTION_IDS } from "@/inngest/registry";
import { driveScheduledRun, handlerTarget, httpTarget, type DriveTarget } from "@/lib/inngest-driver/drive";

const url = process.env.INNGEST_DRIVER_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3000}/api/inngest`;
const token = process.env.INNGEST_LOCAL_TOKEN;
if (new URL(url).hostname !== "127.0.0.1" && new URL(url).hostname !== "localhost") {
  console.error("[inngest-driver] refusing a non-loopback INNGEST_DRIVER_URL; production uses Inngest itself");
  process.exit(2);
}

type Fn = (typeof functions)[number];
const idOf = (fn: Fn) => fn.id().replace(`${APP_ID}-`, "");
const cronOf = (fn: Fn) => {
  const trigger = (fn as unknown as { opts: { triggers?: Array<{ cron?: string }> } }).opts.triggers?.find((t) => t.cron);
  return trigger?.cron ?? null;
};
const retriesOf = (fn: Fn) => (fn as unknown as { opts: { retries?: number } }).opts.retries ?? 3;

const http = httpTarget(url, token);
const signerFns = functions.filter((fn) => SIGNER_FUNCTION_IDS.has(idOf(fn)));
const local = serve({ client: inngest, functions: signerFns });
const inProcess: DriveTarget = handlerTarget((req) => local.POST(req as never, undefined));
const targetFor = (fn: Fn) => (SIGNER_FUNCTION_IDS.has(idOf(fn)) && process.env.AUDIT_SIGNING_KEY ? inProcess : http);

const running = new Set<string>();
async function run(fn: Fn) {
  const id = idOf(fn);
  if (running.has(id)) return; // the previous run is still going: skip this tick
  running.add(id);
  const started = Date.now();
  try {
    const result = await driveScheduledRun({ appId: APP_ID, functionId: id, cron: cronOf(fn) ?? "", target: targetFor(fn), retries: retriesOf(fn) });
    const took = `${Date.now() - started} ms`;
    if (result.ok) console.log(`[inngest-driver] ${id} ok in ${took} (${result.requests} requests): ${JSON.stringify(result.output)}`);
    else console.error(`[inngest-driver] ${id} failed after ${result.attempts} attempts (${took}): ${result.error}`);
    return result.ok;
  } catch (error) {
    console.error(`[inngest-driver] ${id} could not reach ${url}: ${error instanceof Error ? error.message : String(error)}`);
    return false;
  } finally {
    running.delete(id);
  }
}

const args = process.argv.slice(2);
const onceAt = args.indexOf("--once");
if (onceAt >= 0) {
  const which = args[onceAt + 1] ?? "all";
  const chosen = functions.filter((fn) => which === "all" || idOf(fn) === which);
  if (chosen.length === 0) {
    console.error(`No function ${which}; known: ${functions.map(idOf).join(", ")}`);
    process.exit(2);
  }
  let ok = true;
  for (const fn of chosen) ok = (await run(fn)) !== false && ok;
  process.exit(ok ? 0 : 1);
}

// One driver across instances: the lock lives as long as this connection.
const lockClient = new pg.Client({ connectionString: process.env.DATABASE_URL });
await lockClient.connect();
lockClient.on("error", (e) => {
  console.error("[inngest-driver] lost the database connection holding the lock:", e.message);
  process.exit(1);
});
const crons: Cron[] = [];
async function tryLead(): Promise<boolean> {
  const { rows } = await lockClient.query<{ ok: boolean }>("SELECT pg_try_advisory_lock(hashtext('inngest-local-driver')) AS ok");
  return Boolean(rows[0]?.ok);
}
let standby: NodeJS.Timeout | null = null;
function start() {
  for (const fn of functions) {
    const cron = cronOf(fn);
    if (!cron) continue;
    crons.push(new Cron(cron, { timezone: "UTC", protect: true }, () => void run(fn)));
  }
  console.log(`[inngest-driver] driving ${crons.length} functions at ${url}: ${functions.map((fn) => `${idOf(fn)} (${cronOf(fn)})`).join(", ")}`);
}
async function waitForRoute(): Promise<void> {
  for (let i = 0; i < 600; i++) {
    try {
      const res = await fetch(url, { headers: token ? { "x-inngest-local-token": token } : {}, signal: AbortSignal.timeout(5000) });
      if (res.status === 200) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}
async function initialRun() {
  await waitForRoute();
  // Scans first, then delivery, so the first alerts' emails go out in this pass.
  for (const fn of functions) await run(fn);
}
if (await tryLead()) {
  start();
  if (args.includes("--initial-run")) void initialRun();
}
else {
  console.log("[inngest-driver] another driver holds the lock; standing by");
  standby = setInterval(async () => {
    if (await tryLead()) {
      clearInterval(standby!);
      if (args.includes("--initial-run")) void initialRun();
      standby = null;
      start();
    }
  }, 15_000);
}

async function stop() {
  for (const c of crons) c.stop();
  if (standby) clearInterval(standby);
  await lockClient.end().catch(() => {});
  process.exit(0);
}
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
