// `npm run audit:maintain`: the audit log's scheduled housekeeping, once (monthly
// partitions ahead of time, chart rollups, and a signed checkpoint when one is due).
//   --every <minutes>   keep running, once every so many minutes (the demo uses this)
//   --force             sign a checkpoint now even if the last one is recent
// Safe to run from several places at once: an advisory lock lets one run at a time.
import "./local-env.mjs";
import { runAuditMaintenance } from "@/lib/audit/integrity/maintenance";
import { db } from "@/lib/db";

const args = process.argv.slice(2);
const everyAt = args.indexOf("--every");
const everyMinutes = everyAt >= 0 ? Number(args[everyAt + 1]) : null;
if (everyMinutes !== null && !(everyMinutes > 0)) {
  console.error("--every needs a number of minutes greater than 0");
  process.exit(2);
}

async function once(): Promise<boolean> {
  try {
    const run = await runAuditMaintenance({ force: args.includes("--force") });
    if (!run.ran) console.log(`[audit maintenance] skipped: ${run.reason}`);
    else if (run.checkpointId !== null) console.log(`[audit maintenance] partitions ensured; ${run.rolledUp} entries rolled up; signed checkpoint #${run.checkpointId}`);
    else if (everyMinutes === null) console.log(`[audit maintenance] partitions ensured; ${run.rolledUp} entries rolled up; no checkpoint due`);
    return true;
  } catch (error) {
    console.error(`[audit maintenance] failed: ${error instanceof Error ? error.message : String(error)}`);
    return false;
  }
}

if (everyMinutes === null) {
  const ok = await once();
  await db.$disconnect();
  process.exit(ok ? 0 : 1);
}
await once();
const timer = setInterval(once, everyMinutes * 60_000);
const stop = async () => {
  clearInterval(timer);
  await db.$disconnect();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
