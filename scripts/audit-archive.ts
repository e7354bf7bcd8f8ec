// `npm run audit:archive`: the retention step. Every monthly audit partition whose
// entries are all past their retention is written to an archive file that is an evidence
// bundle (AUDIT_ARCHIVE_DIR; verify-bundle.mjs checks it offline), recorded and signed, and only then dropped, oldest first; then a
// checkpoint is signed. Needs AUDIT_SIGNING_KEY (the demo's, when DATABASE_URL is unset).
//   --dry-run          list what would be archived, change nothing
//   --verify <file…>   check archive files against their signed records
// Exit code 0 on success, 1 when archiving failed or a file does not verify.
import "./local-env.mjs";
import { runAuditMaintenance } from "@/lib/audit/integrity/maintenance";
import { verifyArchiveFile } from "@/lib/audit/integrity/archive-file";
import { archiveExpiredPartitions, type PartitionOutcome } from "@/lib/audit/integrity/retention";
import { db } from "@/lib/db";

const OUTCOMES: Record<PartitionOutcome, string> = {
  archived: "archived and dropped",
  expired: "expired: would be archived",
  empty: "empty, skipped",
  within_retention: "holds entries still inside their retention: kept (younger partitions wait for it)",
  open: "month not over: kept",
};

const args = process.argv.slice(2);
let exitCode = 0;
try {
  const verifyAt = args.indexOf("--verify");
  if (verifyAt >= 0) {
    const files = args.slice(verifyAt + 1).filter((a) => !a.startsWith("--"));
    if (files.length === 0) throw new Error("--verify needs at least one archive file");
    for (const file of files) {
      const report = await verifyArchiveFile(file);
      console.log(`${report.filePath}: ${report.summary}`);
      for (const problem of report.problems.slice(1)) console.log(`  also: ${problem}`);
      if (!report.ok) exitCode = 1;
    }
  } else {
    const dryRun = args.includes("--dry-run");
    const run = await archiveExpiredPartitions({ now: new Date(), dryRun });
    console.log(`${dryRun ? "Dry run: " : ""}audit retention as of ${run.now.toISOString()}, archive directory ${run.archiveDir}`);
    for (const p of run.partitions.filter((p) => p.outcome !== "empty")) {
      console.log(`  ${p.partition} (${p.rangeStart.toISOString().slice(0, 7)}): ${OUTCOMES[p.outcome]}`);
      if (p.archive) {
        console.log(`    ${p.archive.rowCount} entries → ${p.archive.filePath}`);
        console.log(`    sha256 ${p.archive.fileSha256}, archive record #${p.archive.archiveId}`);
      }
    }
    const empty = run.partitions.filter((p) => p.outcome === "empty").length;
    if (empty > 0) console.log(`  ${empty} empty partition(s) skipped`);
    console.log(dryRun ? "Nothing was changed." : `Archived ${run.archived.length} partition(s), ${run.archived.reduce((n, a) => n + a.rowCount, 0)} entries.`);
    if (run.archived.length > 0) {
      // A checkpoint that names the newest archive record, so verify is not stale.
      const maintained = await runAuditMaintenance({ force: true });
      if (maintained.ran && maintained.checkpointId !== null) console.log(`Signed checkpoint #${maintained.checkpointId}, which names the new archive record.`);
    }
  }
} catch (error) {
  console.error(`audit:archive failed: ${error instanceof Error ? error.message : String(error)}`);
  exitCode = 1;
} finally {
  await db.$disconnect();
}
process.exit(exitCode);
