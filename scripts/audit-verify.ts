// `npm run audit:verify`: checks every audit hash chain, every signed checkpoint and
// every archive record. Exit codes: 0 intact, 1 broken, 3 not yet verifiable (entries
// but no valid checkpoint), 4 stale (the newest checkpoint is older than twice the
// interval), 2 bad usage (no key to verify with, an unreadable key), 5 the database
// could not be read. It needs only DATABASE_URL and the public keys (AUDIT_PUBLIC_KEYS,
// or the signing key's public half, or --public-key): none of the app's other settings.
//   --public-key FILE   verify with only this public key (PEM; repeat for retired
//                       keys): no private key, no app secrets; DATABASE_URL may be a
//                       read-only login. For an outside auditor.
//   --checkpoint        sign a new checkpoint after an intact run (needs AUDIT_SIGNING_KEY)
import fs from "node:fs";
import "./local-env.mjs";
import { verifyAuditLog } from "@/lib/audit/integrity/verify";
import { VERIFY_EXIT_CODES, type VerifyReport } from "@/lib/audit/integrity/verify-report";
import { keyringFromSettings, makeKeyring, parsePublicKeys, type Keyring } from "@/lib/audit/integrity/signing";

/** One line, no stack trace, its own exit code. */
function fail(message: string, code: number): never {
  console.error(message);
  process.exit(code);
}

const args = process.argv.slice(2);
const publicKeyFiles = args.flatMap((a, i) => (a === "--public-key" ? [args[i + 1] ?? ""] : []));
if (publicKeyFiles.some((f) => !f || f.startsWith("--"))) {
  console.error("--public-key needs a file (a PEM public key)");
  process.exit(2);
}

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) fail("DATABASE_URL is not set: say which database to verify (a read-only login will do).", 2);
const checkpointMinutes = Number(process.env.AUDIT_CHECKPOINT_MINUTES ?? 60);
if (!Number.isInteger(checkpointMinutes) || checkpointMinutes < 1) fail("AUDIT_CHECKPOINT_MINUTES must be a whole number of minutes.", 2);
const verify = async (keyring: Keyring) => {
  try {
    return await verifyAuditLog({ maxProblems: 100, databaseUrl, keyring, checkpointMinutes });
  } catch (error) {
    const where = databaseUrl.replace(/:[^:@/]*@/, ":•••@");
    return fail(`Cannot read the audit log at ${where}: ${(error as Error).message}`, 5);
  }
};

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
  report = await verify(makeKeyring({ publicKeys }));
  console.log(`Keyring: ${publicKeys.length} public key(s) from ${publicKeyFiles.join(", ")}`);
} else {
  let configured;
  try {
    configured = keyringFromSettings({
      publicKeys: process.env.AUDIT_PUBLIC_KEYS, signingKey: process.env.AUDIT_SIGNING_KEY,
      hmacKey: process.env.AUDIT_HMAC_KEY, hmacKeyId: process.env.AUDIT_HMAC_KEY_ID,
    });
  } catch (error) {
    fail(`Cannot read the configured audit keys: ${(error as Error).message}`, 2);
  }
  if (configured.keys === 0) fail("No key to verify checkpoints with: set AUDIT_PUBLIC_KEYS (the PEM public keys), or pass --public-key FILE.", 2);
  report = await verify(configured.keyring);
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
