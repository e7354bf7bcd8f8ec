// `npm run bench:audit`: throughput of audited writes through the service layer, next
// to the raw PostgreSQL INSERT rate and the raw SHA-256 rate on the same machine, and
// the verification rate. A benchmark, not a test: it prints figures.
//
// Uses a fresh database on the embedded PostgreSQL (or BENCH_ADMIN_URL's server).
import { createHash, randomBytes } from "node:crypto";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { dropDatabase, startEmbeddedPostgres, stopAndRemove } from "./pg.mjs";
import { ephemeralSecrets, setUpDatabase } from "./prepare-db.mjs";

const WRITERS = Number(process.env.BENCH_WRITERS ?? 8);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const VERIFY_ROWS = Number(process.env.BENCH_VERIFY_ROWS ?? 400_000);

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function timed(writers: number, seconds: number, op: (writer: number) => Promise<void>) {
  const latencies: number[] = [];
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      while (performance.now() < deadline) {
        const t = performance.now();
        await op(w);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { ops: latencies.length, perSecond: latencies.length / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

// The app's roles, as in production: the audited writes run as the runtime role,
// through the SECURITY DEFINER audit_append(); the raw INSERT floor runs as the owner.
const secrets = ephemeralSecrets();
let stop = async () => {};
let adminUrl = process.env.BENCH_ADMIN_URL;
if (!adminUrl) {
  const dataDir = path.join(os.tmpdir(), `hr-governance-bench-pg-${process.pid}`, "data");
  const server = await startEmbeddedPostgres({ dataDir, port: 54370, superPassword: secrets.PG_SUPERUSER_PASSWORD });
  adminUrl = server.url("postgres");
  stop = () => stopAndRemove(server, path.dirname(dataDir));
}
const dbName = `bench_${randomBytes(4).toString("hex")}`;
const { url, ownerUrl } = await setUpDatabase({ superUrl: adminUrl, database: dbName, secrets });
process.env.DATABASE_URL = url;
process.env.AUTH_SECRET ??= secrets.AUTH_SECRET;
process.env.AUDIT_SIGNING_KEY ??= secrets.AUDIT_SIGNING_KEY;

const { db } = await import("@/lib/db");
const { checkIn, checkOut } = await import("@/lib/attendance/service");
const { appendAuditEntries } = await import("@/lib/audit/write/writer");
const { verifyAuditLog } = await import("@/lib/audit/integrity/verify");
const { createCheckpoint } = await import("@/lib/audit/integrity/checkpoint");
const { systemActor } = await import("@/lib/audit/write/actor");

console.log(`Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
console.log(`PostgreSQL: ${(await db.$queryRawUnsafe<Array<{ v: string }>>("SELECT version() AS v"))[0]!.v.split(" on ")[0]}, fsync on`);
console.log(`Writers: ${WRITERS}, ${SECONDS} s per phase\n`);

// 1. Raw SHA-256 over a typical canonical entry (~600 bytes).
const sample = Buffer.from(JSON.stringify({ id: "x".repeat(36), description: "y".repeat(200), values: { a: 1, b: "z".repeat(200) } }));
const hashCount = 500_000;
const t = performance.now();
for (let i = 0; i < hashCount; i++) createHash("sha256").update(sample).digest();
const shaRate = hashCount / ((performance.now() - t) / 1000);
console.log(`Raw SHA-256 (${sample.length} B):        ${Math.round(shaRate).toLocaleString("en")} hashes/s`);

// 2. Raw single-row INSERT, autocommit, 8 connections.
const pool = new pg.Pool({ connectionString: ownerUrl, max: WRITERS });
await pool.query("CREATE TABLE bench_raw (id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now(), payload jsonb NOT NULL)");
const raw = await timed(WRITERS, SECONDS, async () => {
  await pool.query("INSERT INTO bench_raw (payload) VALUES ($1)", ['{"kind":"raw","n":1}']);
});
console.log(`Raw INSERT (autocommit, ${WRITERS} conns): ${Math.round(raw.perSecond).toLocaleString("en")} rows/s  p50 ${raw.p50.toFixed(2)} ms  p99 ${raw.p99.toFixed(2)} ms`);
await pool.end();

// 3. Audited writes through the service layer: check-in / check-out by 8 people at
//    once, each call one statement that makes the attendance change (and stops a
//    running timer) and appends its chained audit entries (lib/audit/write/statement.ts).
const department = await db.department.create({ data: { name: "Bench" } });
const actors = await Promise.all(
  Array.from({ length: WRITERS }, async (_, i) => {
    const u = await db.user.create({ data: { name: `Bench ${i}`, email: `bench${i}@acme.test`, passwordHash: "x", departmentId: department.id } });
    return { id: u.id, name: u.name, email: u.email, role: u.role, departmentName: "Bench" };
  }),
);
const request = { ip: "127.0.0.1", userAgent: "bench", sessionId: "bench", method: "POST", path: "/bench" };
const checkedIn = new Array<boolean>(WRITERS).fill(false);
const audited = await timed(WRITERS, SECONDS, async (w) => {
  const ctx = { actor: actors[w]!, request };
  if (checkedIn[w]) await checkOut(ctx);
  else await checkIn(ctx);
  checkedIn[w] = !checkedIn[w];
});
const ratio = (audited.perSecond / raw.perSecond) * 100;
console.log(`Audited service writes (${WRITERS} writers):  ${Math.round(audited.perSecond).toLocaleString("en")} writes/s  p50 ${audited.p50.toFixed(2)} ms  p99 ${audited.p99.toFixed(2)} ms  (${ratio.toFixed(0)}% of raw INSERT)`);

// 3b. For comparison: the same check-in/check-out through auditedTransaction(), the
//     general path of the other services (a Prisma interactive transaction: BEGIN,
//     the statements, the audit append, COMMIT), and an empty Prisma transaction.
const { auditedTransaction } = await import("@/lib/audit/write/transaction");
const { actorFromUser } = await import("@/lib/audit/write/actor");
const viaTransaction = await timed(WRITERS, SECONDS, async (w) => {
  const actor = actors[w]!;
  await auditedTransaction(async (tx, audit) => {
    const open = await tx.attendanceSession.findFirst({ where: { userId: actor.id, checkOutAt: null } });
    const session = open
      ? await tx.attendanceSession.update({ where: { id: open.id }, data: { checkOutAt: new Date() } })
      : await tx.attendanceSession.create({ data: { userId: actor.id, checkInAt: new Date() } });
    audit.record({
      eventType: open ? "update" : "create", category: "time_attendance",
      actionType: open ? "attendance_session.checked_out" : "attendance_session.checked_in",
      description: `${actor.name} checked ${open ? "out" : "in"}`, actor: actorFromUser(actor), context: request,
      object: { type: "attendance_session", id: session.id }, subjectUserId: actor.id,
      before: open ? { checkOutAt: null } : undefined, after: open ? { checkOutAt: session.checkOutAt } : { checkInAt: session.checkInAt },
    });
  });
});
console.log(`  the same through auditedTransaction(): ${Math.round(viaTransaction.perSecond).toLocaleString("en")} writes/s  p50 ${viaTransaction.p50.toFixed(2)} ms  p99 ${viaTransaction.p99.toFixed(2)} ms`);
const empty = await timed(WRITERS, SECONDS, async () => {
  await db.$transaction(async (tx) => {
    await tx.$executeRawUnsafe("SELECT 1");
  });
});
console.log(`  an empty Prisma transaction:          ${Math.round(empty.perSecond).toLocaleString("en")} tx/s  p50 ${empty.p50.toFixed(2)} ms  p99 ${empty.p99.toFixed(2)} ms`);

// 4. Verification rate over at least VERIFY_ROWS entries (topped up in bulk batches).
let total = Number((await db.auditChainHead.aggregate({ _sum: { lastSeq: true } }))._sum.lastSeq ?? 0n);
const actor = systemActor("bench");
while (total < VERIFY_ROWS) {
  const n = Math.min(1000, VERIFY_ROWS - total);
  await db.$transaction(async (tx) => {
    await appendAuditEntries(tx, Array.from({ length: n }, (_, i) => ({
      eventType: "update" as const, category: "time_attendance" as const, actionType: "attendance_session.edited",
      description: `Bench correction ${total + i}`, actor, context: request,
      object: { type: "attendance_session", id: `s-${total + i}`, name: "Attendance of Bench on 23 Nov 2026" },
      before: { checkInAt: "2026-11-23T04:00:00.000Z" }, after: { checkInAt: "2026-11-23T04:30:00.000Z" },
      additionalData: { reason: "Forgot to check in" },
    })));
  }, { timeout: 60_000 });
  total += n;
}
await createCheckpoint();
// The first pass over freshly written rows also sets their hint bits (PostgreSQL
// looks up each writing transaction once); later passes, like any verification of
// entries that are not brand new, do not. Both are printed.
for (const label of ["first pass, fresh rows", "second pass"]) {
  const report = await verifyAuditLog();
  const verifyRate = report.entriesChecked / (report.durationMs / 1000);
  console.log(`Verification (${label}): ${Math.round(verifyRate).toLocaleString("en")} entries/s (${report.entriesChecked.toLocaleString("en")} entries in ${report.durationMs} ms, ${report.status})`);
}

await db.$disconnect();
await dropDatabase(adminUrl, dbName);
await stop();
