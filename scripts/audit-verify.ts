// `npm run audit:verify`: checks every audit hash chain, every signed checkpoint and
// every archive record. Exit codes: 0 intact, 1 broken, 3 not yet verifiable (entries
// but no valid checkpoint), 4 stale (the newest checkpoint is older than twice the
// interval), 2 bad usage.
//   --public-key FILE   verify with only this public key (PEM; repeat for retired
//                       keys): no private key, no app secrets; DATABASE_URL may be a
//                       read-only login. For an outside auditor.
//   --checkpoint        sign a new checkpoint after an intact run (needs AUDIT_SIGNING_KEY)
import fs from "node:fs";
import "./local-env.mjs";
import { verifyAuditLog } from "@/lib/audit/integrity/verify";
import { VERIFY_EXIT_CODES, type VerifyReport } from "@/lib/audit/integrity/verify-report";
import { makeKeyring, parsePublicKeys } from "@/lib/audit/integrity/signing";

const args = process.argv.slice(2);
const publicKeyFiles = args.flatMap((a, i) => (a === "--public-key" ? [args[i + 1] ?? ""] : []));
if (publicKeyFiles.some((f) => !f || f.startsWith("--"))) {
  console.error("--public-key needs a file (a PEM public key)");
  process.exit(2);
}

let report: VerifyReport;
if (publicKeyFiles.length > 0) {
  let publicKeys;
  try {
    publicKeys = publicKeyFiles.flatMap((f) => parsePublicKeys(fs.readFileSync(f, "utf8")));
  } catch (error) {
    console.error(`Cannot read the public key: ${(error as Error).message}`);
    process.exit(2);
  }
  if (publicKeys.length === 0) {
    console.error(`No public key found in ${publicKeyFiles.join(", ")}`);
    process.exit(2);
  }
  report = await verifyAuditLog({
    maxProblems: 100,
    databaseUrl: process.env.DATABASE_URL!,
    keyring: makeKeyring({ publicKeys }),
    checkpointMinutes: Number(process.env.AUDIT_CHECKPOINT_MINUTES ?? 60),
  });
  console.log(`Keyring: ${publicKeys.length} public key(s) from ${publicKeyFiles.join(", ")}`);
} else {
  report = await verifyAuditLog({ maxProblems: 100 });
}
console.log(report.summary);
console.log(`Checked ${report.entriesChecked} entries on ${report.chains} chains in ${report.durationMs} ms.`);
for (const p of report.problems.slice(1, 20)) {
  const where = p.chainId >= 0 ? ` on chain ${p.chainId} at position ${p.chainSeq}${p.entryId ? ` (entry ${p.entryId})` : ""}` : "";
  console.log(`  also: ${p.kind}${where}: ${p.detail}`);
}
for (const note of report.notes) console.log(`  note: ${note}`);
if (report.ok && args.includes("--checkpoint")) {
  const { runAuditMaintenance } = await import("@/lib/audit/integrity/maintenance");
  const { db } = await import("@/lib/db");
  const run = await runAuditMaintenance({ force: true });
  if (run.ran && run.checkpointId !== null) console.log(`Signed checkpoint #${run.checkpointId}.`);
  await db.$disconnect();
}
process.exit(VERIFY_EXIT_CODES[report.status]);
