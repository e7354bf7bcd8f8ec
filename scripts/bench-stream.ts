// `npm run bench:stream`: audit streaming to one webhook destination on loopback (issue 22).
// The receiver runs in its own process and verifies every batch's signature. Measured,
// each next to its floor in the same run:
//   - writers' throughput (BENCH_WRITERS concurrent audited writes, BENCH_PHASE_SECONDS)
//     with no stream, then with the stream delivering the same load (target: at most 10 %
//     lower);
//   - BENCH_RATE (1,000) audited writes per second for BENCH_LIVE_SECONDS (60): delivery
//     lag from the entry's time to receipt, p50/p95/p99 (target p95 ≤ 5 s), and entries
//     lost (target 0);
//   - a backlog replay of BENCH_BACKLOG (1,000,000) entries: entries/s (target ≥ 20,000,
//     and ≥ 50 % of the floor: the same receiver taking batches of the same size and
//     shape, signed, from a bare loop).
// A benchmark, not a test: it prints figures.
import { fork } from "node:child_process";
import { randomBytes } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { startEmbeddedPostgres, stopAndRemove } from "./pg.mjs";
import { ephemeralSecrets, setUpDatabase } from "./prepare-db.mjs";

const WRITERS = Number(process.env.BENCH_WRITERS ?? 8);
const PHASE_SECONDS = Number(process.env.BENCH_PHASE_SECONDS ?? 15);
const RATE = Number(process.env.BENCH_RATE ?? 1000);
const LIVE_SECONDS = Number(process.env.BENCH_LIVE_SECONDS ?? 60);
const BACKLOG = Number(process.env.BENCH_BACKLOG ?? 1_000_000);

const secrets = ephemeralSecrets();
const dataDir = path.join(os.tmpdir(), `hr-governance-bench-stream-${process.pid}`, "data");
const server = await startEmbeddedPostgres({ dataDir, port: Number(process.env.BENCH_PG_PORT ?? 54396), fsync: false, superPassword: secrets.PG_SUPERUSER_PASSWORD });
const receiver = fork(path.join(import.meta.dirname, "bench-stream-receiver.mjs"), { stdio: ["ignore", "inherit", "inherit", "ipc"] });
const ask = <T>(message: object, until: (m: Record<string, unknown>) => boolean = (m) => m.report === true): Promise<T> =>
  new Promise((resolve) => {
    const on = (m: Record<string, unknown>) => {
      if (!until(m)) return;
      receiver.off("message", on);
      resolve(m as T);
    };
    receiver.on("message", on);
    receiver.send(message);
  });
const port = await new Promise<number>((resolve) => receiver.once("message", (m: { port: number }) => resolve(m.port)));

type Report = { total: number; batches: number; rejected: number; distinct: number; tagged: number; p50: number; p95: number; p99: number; max: number; idsOf?: string[] };
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const pct = (a: number, b: number) => `${Math.round((100 * a) / b)} %`;

try {
  const { url } = await setUpDatabase({ superUrl: server.url("postgres"), database: `bench_stream_${randomBytes(3).toString("hex")}`, secrets });
  Object.assign(process.env, { DATABASE_URL: url, AUTH_SECRET: secrets.AUTH_SECRET, STREAM_SECRET_KEY: secrets.STREAM_SECRET_KEY, STREAM_ALLOW_HOSTS: "127.0.0.1" });
  const { db } = await import("@/lib/db");
  const { appendAuditEntries } = await import("@/lib/audit/write/writer");
  const { auditedTransaction } = await import("@/lib/audit/write/transaction");
  const { systemActor } = await import("@/lib/audit/write/actor");
  const { createStream, replayStream, setStreamState } = await import("@/lib/streams/service");
  const { runStreams } = await import("@/lib/streams/deliver");
  const { getStream } = await import("@/lib/streams/queries");
  const { readBatch, cursorAt } = await import("@/lib/streams/batch");
  const { BATCH_MAX_EVENTS } = await import("@/lib/streams/contract");
  const adminUser = await db.user.create({ data: { name: "Bench Admin", email: "bench-admin@acme.test", passwordHash: "x", role: "admin" } });
  const ctx = { actor: { id: adminUser.id, name: adminUser.name, email: adminUser.email, role: "admin" as const, departmentName: "" }, request: {} };
  const actor = systemActor("bench");
  const entry = (tag: string, i: number) => ({
    eventType: "update" as const, category: "time_attendance" as const, actionType: `bench.${tag}`, description: `Bench ${tag} ${i}`, actor, context: {},
    object: { type: "attendance_session", id: `s-${i}`, name: "Attendance of Bench on 7 Dec 2026" },
    before: { checkInAt: "2026-12-07T04:00:00.000Z" }, after: { checkInAt: "2026-12-07T04:30:00.000Z" }, additionalData: { reason: "Forgot to check in" },
  });
  const writeOne = (tag: string, i: number) => auditedTransaction(async (_tx, audit) => audit.record(entry(tag, i)));

  async function writersFor(seconds: number, tag: string) {
    let n = 0;
    const deadline = performance.now() + seconds * 1000;
    const t0 = performance.now();
    await Promise.all(Array.from({ length: WRITERS }, async () => {
      while (performance.now() < deadline) await writeOne(tag, n++);
    }));
    return n / ((performance.now() - t0) / 1000);
  }

  console.log(`Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, Node ${process.version}; receiver in its own process, verifying signatures.\n`);

  // 1. Writers without, then with, a stream delivering what they write.
  await writersFor(3, "warmup");
  const off = await writersFor(PHASE_SECONDS, "off");
  const { stream, secret } = await createStream({ ...ctx, input: { name: "Bench webhook", transport: "webhook", url: `http://127.0.0.1:${port}/hook`, filter: "", format: "json" } });
  receiver.send({ trust: secret });
  const delivering = runStreams({ budgetMs: PHASE_SECONDS * 1000 + 5000 });
  const on = await writersFor(PHASE_SECONDS, "on");
  await delivering;

  // 2. A steady RATE writes per second for LIVE_SECONDS, the stream running throughout.
  receiver.send({ reset: true });
  const live = runStreams({ budgetMs: (LIVE_SECONDS + 10) * 1000 });
  let written = 0;
  const liveIds: string[] = [];
  const start = performance.now();
  const perTick = RATE / 100; // a tick every 10 ms
  const pending: Promise<unknown>[] = [];
  for (let tick = 0; performance.now() - start < LIVE_SECONDS * 1000; tick++) {
    const due = start + tick * 10;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    for (let k = 0; k < perTick; k++) pending.push(writeOne("live", written++));
    if (pending.length > 200) await Promise.all(pending.splice(0, pending.length - 100));
  }
  await Promise.all(pending);
  const liveRate = written / ((performance.now() - start) / 1000);
  await live;
  for (const r of await db.auditLog.findMany({ where: { actionType: "bench.live" }, select: { id: true } })) liveIds.push(r.id);
  const liveReport = await ask<Report>({ report: true, tag: "bench.live", withIds: true });
  const received = new Set(liveReport.idsOf);
  const lost = liveIds.filter((id) => !received.has(id)).length;

  // 3. Backlog: BACKLOG entries written while the stream is paused, then replayed.
  await setStreamState({ ...ctx, id: stream.id, state: "paused" });
  const backlogFrom = new Date();
  await new Promise((r) => setTimeout(r, 5));
  for (let done = 0; done < BACKLOG; done += 1000) {
    const n = Math.min(1000, BACKLOG - done);
    await db.$transaction((tx) => appendAuditEntries(tx, Array.from({ length: n }, (_, i) => entry("backlog", done + i))), { timeout: 60_000 });
  }
  await replayStream({ ...ctx, id: stream.id, from: backlogFrom });
  await setStreamState({ ...ctx, id: stream.id, state: "active" });
  receiver.send({ reset: true });
  const t1 = performance.now();
  while ((await getStream(ctx, stream.id)).health.lagEntries > 0) await runStreams({ budgetMs: 5000 });
  const replaySeconds = (performance.now() - t1) / 1000;
  const replay = await ask<Report>({ report: true, tag: "bench.backlog" });

  // The floor: batches of the same size and shape, signed, sent by a bare loop.
  const sample = await readBatch({ filter: "", cursor: await cursorAt(backlogFrom), maxEvents: BATCH_MAX_EVENTS, maxBytes: 10_000_000 });
  const body = JSON.stringify({ type: "audit.entries", stream: { id: stream.id, name: "Bench webhook" }, count: sample.events.length, events: sample.events });
  receiver.send({ reset: true });
  const { postTo } = await import("@/lib/streams/http");
  const { signStandardWebhook } = await import("@/lib/streams/signature");
  const floorStart = performance.now();
  let floorEvents = 0;
  while (performance.now() - floorStart < 10_000) {
    const now = new Date();
    const id = `msg_floor_${floorEvents}`;
    const answer = await postTo(`http://127.0.0.1:${port}/hook`, body, { "webhook-id": id, "webhook-timestamp": String(Math.floor(now.getTime() / 1000)), "webhook-signature": signStandardWebhook(secret!, id, Math.floor(now.getTime() / 1000), body) });
    if (!answer.ok) throw new Error(`floor refused: ${answer.status}`);
    floorEvents += sample.events.length;
  }
  const floorRate = floorEvents / ((performance.now() - floorStart) / 1000);
  const replayRate = replay.distinct / replaySeconds;

  console.log("| what | figure | floor (same run) | target |");
  console.log("| --- | --- | --- | --- |");
  console.log(`| writers (${WRITERS} concurrent audited writes), stream off vs on | ${fmt(off)}/s off, ${fmt(on)}/s on: ${pct(on - off, off)} | | at most 10 % lower: ${on >= off * 0.9 ? "met" : "NOT met"} |`);
  console.log(`| lag at ${fmt(liveRate)} writes/s for ${LIVE_SECONDS} s, entry time to receipt | p50 ${liveReport.p50} ms, p95 ${liveReport.p95} ms, p99 ${liveReport.p99} ms (max ${liveReport.max} ms) | | p95 ≤ 5 s: ${liveReport.p95 <= 5000 ? "met" : "NOT met"} |`);
  console.log(`| entries lost | ${lost} of ${fmt(liveIds.length)} (received ${fmt(liveReport.tagged)}, ${fmt(received.size)} distinct overall) | | 0: ${lost === 0 ? "met" : "NOT met"} |`);
  console.log(`| backlog replay, ${fmt(BACKLOG)} entries | ${fmt(replayRate)}/s (${replaySeconds.toFixed(1)} s, ${fmt(replay.batches)} batches) | bare loop, same receiver: ${fmt(floorRate)}/s | ≥ 20,000/s: ${replayRate >= 20_000 ? "met" : "NOT met"}; ≥ 50 % of floor (${pct(replayRate, floorRate)}): ${replayRate >= floorRate / 2 ? "met" : "NOT met"} |`);
  console.log(`\nRejected signatures at the receiver: ${replay.rejected}.`);
  await db.$disconnect();
} finally {
  receiver.send({ stop: true });
  await stopAndRemove(server, path.dirname(dataDir));
}
