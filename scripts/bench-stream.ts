// `npm run bench:stream`: audit streaming to one webhook destination on loopback (issue 22).
// The receiver runs in its own process and verifies every batch's signature. Measured,
// each next to its floor in the same run:
//   - writers' throughput (BENCH_WRITERS concurrent audited writes) in BENCH_ROUNDS (3)
//     rounds of BENCH_PHASE_SECONDS (10) with no stream delivering, then with the stream
//     delivering what they write, alternating (target: at most 10 % lower);
//   - BENCH_RATE (1,000) audited writes per second for BENCH_LIVE_SECONDS (60): delivery
//     lag from the entry's time to receipt, p50/p95/p99 (target p95 ≤ 5 s), and entries
//     lost (target 0);
//   - a backlog replay of BENCH_BACKLOG (1,000,000) entries: entries/s (target ≥ 20,000,
//     and ≥ 50 % of the floor: the same receiver taking batches of the same size and
//     shape, signed, from a bare loop);
//   - syslog over TCP the same way: the backlog replayed to a syslog destination (floor:
//     the same messages framed once, written by a bare loop) and the lag at BENCH_RATE
//     writes/s for BENCH_SYSLOG_LIVE_SECONDS (20).
// A benchmark, not a test: it prints figures.
import { fork } from "node:child_process";
import { randomBytes } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { startEmbeddedPostgres, stopAndRemove } from "./pg.mjs";
import { ephemeralSecrets, setUpDatabase } from "./prepare-db.mjs";

const WRITERS = Number(process.env.BENCH_WRITERS ?? 8);
const PHASE_SECONDS = Number(process.env.BENCH_PHASE_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SYSLOG_LIVE_SECONDS = Number(process.env.BENCH_SYSLOG_LIVE_SECONDS ?? 20);
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
const { port, syslogPort } = await new Promise<{ port: number; syslogPort: number }>((resolve) => receiver.once("message", resolve));

type Report = { total: number; batches: number; rejected: number; distinct: number; tagged: number; p50: number; p95: number; p99: number; max: number; idsOf?: string[] };
/** Polls a receiver count until the whole backlog arrived; throws if it stops moving for 60 s. */
async function receivedAll(count: () => Promise<{ tagged: number }>, what: string) {
  let last = -1;
  let movedAt = performance.now();
  for (;;) {
    const { tagged } = await count();
    if (tagged >= BACKLOG) return;
    if (tagged !== last) [last, movedAt] = [tagged, performance.now()];
    else if (performance.now() - movedAt > 60_000) throw new Error(`${what}: stuck at ${tagged} of ${BACKLOG} for 60 s`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
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

  /** RATE audited writes a second (a tick every 10 ms) for `seconds`, tagged bench.<tag>. */
  async function writeAtRate(tag: string, seconds: number) {
    let written = 0;
    const start = performance.now();
    const pending: Promise<unknown>[] = [];
    for (let tick = 0; performance.now() - start < seconds * 1000; tick++) {
      const wait = start + tick * 10 - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      for (let k = 0; k < RATE / 100; k++) pending.push(writeOne(tag, written++));
      if (pending.length > 200) await Promise.all(pending.splice(0, pending.length - 100));
    }
    await Promise.all(pending);
    return { written, rate: written / ((performance.now() - start) / 1000) };
  }

  async function writersFor(seconds: number, tag: string) {
    let n = 0;
    const deadline = performance.now() + seconds * 1000;
    const t0 = performance.now();
    await Promise.all(Array.from({ length: WRITERS }, async () => {
      while (performance.now() < deadline) await writeOne(tag, n++);
    }));
    const rate = n / ((performance.now() - t0) / 1000);
    return rate;
  }

  console.log(`Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, Node ${process.version}; receiver in its own process, verifying signatures.\n`);

  // 1. Writers without, then with, a stream delivering what they write.
  await writersFor(3, "warmup");
  // Off and on alternate (off, on, off, on …), so the machine's drift and the table's
  // growth fall on both sides; each on phase starts with the destination caught up.
  const { stream, secret } = await createStream({ ...ctx, input: { name: "Bench webhook", transport: "webhook", url: `http://127.0.0.1:${port}/hook`, filter: "", format: "json" } });
  receiver.send({ trust: secret });
  const offRates: number[] = [];
  const onRates: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    offRates.push(await writersFor(PHASE_SECONDS, "off"));
    await replayStream({ ...ctx, id: stream.id, from: new Date() });
    const stopOn = new AbortController();
    const delivering = runStreams({ budgetMs: PHASE_SECONDS * 1000 + 60_000, signal: stopOn.signal });
    onRates.push(await writersFor(PHASE_SECONDS, "on"));
    stopOn.abort();
    await delivering;
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const off = mean(offRates);
  const on = mean(onRates);

  // 2. A steady RATE writes per second for LIVE_SECONDS, the stream running throughout.
  receiver.send({ reset: true });
  const live = runStreams({ budgetMs: (LIVE_SECONDS + 10) * 1000 });
  const liveIds: string[] = [];
  const { rate: liveRate } = await writeAtRate("live", LIVE_SECONDS);
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
  // Timed from the start of delivery to the receipt of the last backlog entry.
  const stop = new AbortController();
  const t1 = performance.now();
  const replaying = runStreams({ budgetMs: 900_000, signal: stop.signal });
  await receivedAll(() => ask<{ tagged: number }>({ count: true, tag: "bench.backlog" }, (m) => m.count === true), "webhook backlog");
  const replaySeconds = (performance.now() - t1) / 1000;
  stop.abort();
  await replaying;
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

  // 4. Syslog over TCP, measured the same way: the same backlog replayed to a syslog
  // destination (the webhook paused), then RATE writes/s for SYSLOG_LIVE_SECONDS.
  await setStreamState({ ...ctx, id: stream.id, state: "paused" });
  type SysReport = { total: number; distinct: number; tagged: number; p50: number; p95: number; p99: number; max: number };
  const sysCount = (tag: string) => ask<{ tagged: number }>({ syslogCount: true, tag }, (m) => m.syslogCount === true);
  await createStream({ ...ctx, input: { name: "Bench syslog", transport: "syslog", host: "127.0.0.1", port: syslogPort, tls: false, filter: "action:bench.backlog,bench.syslog_live", format: "json", startFrom: backlogFrom.toISOString() } });
  const stopSys = new AbortController();
  const s1 = performance.now();
  const sysReplaying = runStreams({ budgetMs: 900_000, signal: stopSys.signal });
  await receivedAll(() => sysCount("bench.backlog"), "syslog backlog");
  const sysReplaySeconds = (performance.now() - s1) / 1000;
  stopSys.abort();
  await sysReplaying;
  const sysReplay = await ask<SysReport>({ syslogReport: true, tag: "bench.backlog" }, (m) => m.syslogReport === true);
  const sysReplayRate = sysReplay.distinct / sysReplaySeconds;
  // Its floor: the same 1,000 messages, framed once, written by a bare loop over a new
  // connection each time (as the transport does), to the same collector.
  const { octetCounted, rfc5424 } = await import("@/lib/streams/syslog");
  const net = await import("node:net");
  const frames = octetCounted(sample.events.map((e) => rfc5424(e, "json")));
  const sysFloorStart = performance.now();
  let sysFloorEvents = 0;
  while (performance.now() - sysFloorStart < 10_000) {
    await new Promise<void>((resolve, reject) => {
      const socket = net.connect({ host: "127.0.0.1", port: syslogPort }, () => socket.end(frames));
      socket.on("error", reject);
      socket.on("close", () => resolve());
    });
    sysFloorEvents += sample.events.length;
  }
  const sysFloorRate = sysFloorEvents / ((performance.now() - sysFloorStart) / 1000);
  const sysLive = runStreams({ budgetMs: (SYSLOG_LIVE_SECONDS + 10) * 1000 });
  const { written: sysWritten, rate: sysLiveRate } = await writeAtRate("syslog_live", SYSLOG_LIVE_SECONDS);
  await sysLive;
  const sysLiveReport = await ask<SysReport>({ syslogReport: true, tag: "bench.syslog_live" }, (m) => m.syslogReport === true);
  const sysLost = sysWritten - sysLiveReport.tagged;

  console.log("| what | figure | floor (same run) | target |");
  console.log("| --- | --- | --- | --- |");
  console.log(`| writers (${WRITERS} concurrent audited writes), stream off vs on, ${ROUNDS} rounds of ${PHASE_SECONDS} s each, alternating | ${fmt(off)}/s off (${offRates.map(fmt).join(", ")}), ${fmt(on)}/s on (${onRates.map(fmt).join(", ")}): ${pct(on - off, off)} | | at most 10 % lower: ${on >= off * 0.9 ? "met" : "NOT met"} |`);
  console.log(`| lag at ${fmt(liveRate)} writes/s for ${LIVE_SECONDS} s, entry time to receipt | p50 ${liveReport.p50} ms, p95 ${liveReport.p95} ms, p99 ${liveReport.p99} ms (max ${liveReport.max} ms) | | p95 ≤ 5 s: ${liveReport.p95 <= 5000 ? "met" : "NOT met"} |`);
  console.log(`| entries lost | ${lost} of ${fmt(liveIds.length)} (received ${fmt(liveReport.tagged)}, ${fmt(received.size)} distinct overall) | | 0: ${lost === 0 ? "met" : "NOT met"} |`);
  console.log(`| backlog replay, ${fmt(BACKLOG)} entries | ${fmt(replayRate)}/s (${replaySeconds.toFixed(1)} s, ${fmt(replay.batches)} batches) | bare loop, same receiver: ${fmt(floorRate)}/s | ≥ 20,000/s: ${replayRate >= 20_000 ? "met" : "NOT met"}; ≥ 50 % of floor (${pct(replayRate, floorRate)}): ${replayRate >= floorRate / 2 ? "met" : "NOT met"} |`);
  console.log(`| syslog over TCP: lag at ${fmt(sysLiveRate)} writes/s for ${SYSLOG_LIVE_SECONDS} s | p50 ${sysLiveReport.p50} ms, p95 ${sysLiveReport.p95} ms, p99 ${sysLiveReport.p99} ms (max ${sysLiveReport.max} ms); lost ${Math.max(0, sysLost)} of ${fmt(sysWritten)} | | p95 ≤ 5 s: ${sysLiveReport.p95 <= 5000 ? "met" : "NOT met"}; 0 lost: ${sysLost <= 0 ? "met" : "NOT met"} |`);
  console.log(`| syslog over TCP: backlog replay, ${fmt(BACKLOG)} entries | ${fmt(sysReplayRate)}/s (${sysReplaySeconds.toFixed(1)} s) | bare loop, same collector, framed once: ${fmt(sysFloorRate)}/s | ≥ 20,000/s: ${sysReplayRate >= 20_000 ? "met" : "NOT met"}; ≥ 50 % of floor (${pct(sysReplayRate, sysFloorRate)}): ${sysReplayRate >= sysFloorRate / 2 ? "met" : "NOT met"} |`);
  console.log(`\nRejected signatures at the receiver: ${replay.rejected}.`);
  await db.$disconnect();
} finally {
  receiver.send({ stop: true });
  await stopAndRemove(server, path.dirname(dataDir));
}
