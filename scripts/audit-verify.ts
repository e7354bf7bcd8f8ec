// `npm run audit:verify`: walks every audit hash chain against the newest signed
// checkpoint. Exit code 0 when intact, 1 when broken. `--checkpoint` signs a new
// checkpoint after an intact run.
import "./local-env.mjs";
import { createCheckpoint } from "@/lib/audit/checkpoint";
import { verifyAuditLog } from "@/lib/audit/verify";
import { db } from "@/lib/db";

const report = await verifyAuditLog({ maxProblems: 100 });
console.log(report.summary);
console.log(`Checked ${report.entriesChecked} entries on ${report.chains} chains in ${report.durationMs} ms.`);
for (const p of report.problems.slice(1, 20)) {
  console.log(`  also: ${p.kind} on chain ${p.chainId} at position ${p.chainSeq}${p.entryId ? ` (entry ${p.entryId})` : ""}: ${p.detail}`);
}
if (report.ok && process.argv.includes("--checkpoint")) {
  const cp = await createCheckpoint();
  console.log(`Signed checkpoint #${cp.id} over ${cp.totalEntries} entries.`);
}
await db.$disconnect();
process.exit(report.ok ? 0 : 1);
