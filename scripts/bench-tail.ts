// `npm run bench:tail`: live tails of the audit log over Server-Sent Events while
// audited writes are committed at a steady rate (issue 20). The real route
// (app/api/audit-logs/tail) runs behind a plain Node HTTP server on 127.0.0.1, each tail
// signs in with its own API token, and the clients parse the event stream as a browser
// does, reconnecting with Last-Event-ID whenever the server ends a stream (every
// BENCH_TAIL_LIFETIME seconds, so resumes happen during the run).
//
// Two phases at the same write rate: one tail (an auditor, everything), then BENCH_TAILS
// tails of mixed roles and searches. For every tail an oracle written here (not the
// app's SQL) says which writes it may see and matches; each delivery is checked
// against it (out of scope: must be 0), each expected write must arrive (lost: must be
// 0), and the latency is from the write's commit to its arrival (p95 ≤ 2 s). The
// database load of the tails is the hub's query time per second (the only reader the
// tails have), next to its floor: the same phase with one tail (target: ≤ 2×).
// Also printed: PostgreSQL's CPU time per phase, and NOTIFY's own round trip (the
// floor of the delivery latency). A benchmark, not a test: it prints figures.
import { randomBytes } from "node:crypto";
import { readFileSync, readdirSync } from "node:fs";
import { fork } from "node:child_process";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { startEmbeddedPostgres, stopAndRemove } from "./pg.mjs";
import { cleanup, onCleanup } from "./bench-cleanup";
import { ephemeralSecrets, setUpDatabase } from "./prepare-db.mjs";

const TAILS = Number(process.env.BENCH_TAILS ?? 50);
const RATE = Number(process.env.BENCH_WRITES_PER_SECOND ?? 500);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const WRITERS = Number(process.env.BENCH_WRITERS ?? 8);
const LIFETIME = Number(process.env.BENCH_TAIL_LIFETIME ?? 15);
const PG_PORT = Number(process.env.BENCH_PG_PORT ?? 54381);
const HTTP_PORT = Number(process.env.BENCH_HTTP_PORT ?? 23917);

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const ms = (n: number) => `${n.toFixed(1)} ms`;
const sleep = (n: number) => new Promise((r) => setTimeout(r, n));

// ── The writer process (forked below): audited transactions at a steady rate ──
// Writes run in their own process, so the server's thread (the route, the hub and the
// clients) does not slow them down; commit times are wall-clock milliseconds, which
// both processes share.
type WriterPerson = { id: string; name: string; email: string; role: string };
type WriteOrder = { people: WriterPerson[]; seconds: number; rate: number; writers: number; firstSequence: number };
type Written = { name: string; actor: string; subject: string; category: "system" | "security"; action: string; committedAt: number };
if (process.argv[2] === "--writer") {
  const { auditedTransaction } = await import("@/lib/audit/write/transaction");
  const { db } = await import("@/lib/db");
  process.on("message", (order: WriteOrder) => {
    void (async () => {
      const written: Written[] = [];
      let sequence = order.firstSequence;
      const end = performance.now() + order.seconds * 1000;
      const interval = (1000 * order.writers) / order.rate;
      await Promise.all(
        Array.from({ length: order.writers }, async (_, k) => {
          let next = performance.now() + (k * interval) / order.writers;
          while (next < end) {
            const wait = next - performance.now();
            if (wait > 0) await sleep(wait);
            next += interval;
            const actor = order.people[Math.floor(Math.random() * order.people.length)]!;
            const subject = Math.random() < 0.5 ? actor : order.people[Math.floor(Math.random() * order.people.length)]!;
            const category = Math.random() < 0.3 ? "security" : "system";
            const name = `w-${++sequence}`;
            await auditedTransaction(async (_tx, audit) => {
              audit.record({
                eventType: "update", category, actionType: "bench.tailed", description: `${actor.name} changed ${name}`,
                actor: { id: actor.id, name: actor.name, email: actor.email, role: actor.role, department: "" },
                context: { ip: "127.0.0.1", userAgent: "bench-tail" }, object: { type: "bench", name }, subjectUserId: subject.id,
              });
            });
            written.push({ name, actor: actor.id, subject: subject.id, category, action: "bench.tailed", committedAt: performance.timeOrigin + performance.now() });
          }
        }),
      );
      process.send!(written, () => undefined);
    })();
  });
  process.on("disconnect", () => void db.$disconnect().then(() => process.exit(0)));
  process.send!("ready");
  await new Promise(() => undefined);
}

const secrets = ephemeralSecrets();

/** CPU seconds used so far by the PostgreSQL server's processes (its postmaster and children). */
function postgresCpuSeconds(postmasterPid: number): number {
  const tick = 100; // USER_HZ on Linux
  let total = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const ppid = Number(fields[1]);
      if (Number(entry) !== postmasterPid && ppid !== postmasterPid) continue;
      total += (Number(fields[11]) + Number(fields[12])) / tick;
    } catch {
      // the process ended meanwhile
    }
  }
  return total;
}

const dataDir = path.join(os.tmpdir(), `hr-governance-bench-tail-${process.pid}`, "data");
const pgServer = await startEmbeddedPostgres({ dataDir, port: PG_PORT, fsync: false, superPassword: secrets.PG_SUPERUSER_PASSWORD });
onCleanup(() => stopAndRemove(pgServer, path.dirname(dataDir)));
let exitCode = 0;

try {
  const { url } = await setUpDatabase({ superUrl: pgServer.url("postgres"), database: `bench_tail_${randomBytes(4).toString("hex")}`, secrets });
  Object.assign(process.env, { DATABASE_URL: url, AUTH_SECRET: secrets.AUTH_SECRET, AUDIT_TAIL_LIFETIME_SECONDS: String(LIFETIME), API_REQUESTS_PER_MINUTE: "100000" });
  const { db } = await import("@/lib/db");
  const { GET } = await import("@/app/api/audit-logs/tail/route");
  const { tailHub } = await import("@/lib/audit/tail/hub");
  const { createToken } = await import("@/lib/tokens/service");
  const postmasterPid = Number(readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);

  // ── People: two managers with four reports each, others, auditors, an admin ──
  type Person = { id: string; name: string; email: string; role: string; managerId: string | null };
  const people: Person[] = [];
  const make = async (role: string, managerId: string | null = null) => {
    const n = people.length + 1;
    const u = await db.user.create({ data: { name: `Bench ${role} ${n}`, email: `bench-${n}-${randomBytes(2).toString("hex")}@acme.test`, passwordHash: "x", role: role as never, managerId } });
    const p = { id: u.id, name: u.name, email: u.email, role, managerId };
    people.push(p);
    return p;
  };
  const managers = [await make("manager"), await make("manager")];
  for (const m of managers) for (let i = 0; i < 4; i++) await make("employee", m.id);
  for (const role of ["employee", "employee", "junior_employee", "intern", "team_lead", "hr_operations", "auditor", "auditor", "admin"]) await make(role);
  const reportsOf = (id: string) => new Set(people.filter((p) => p.managerId === id).map((p) => p.id));

  // ── The tails: who, what search, and the oracle of what they may see ──
  type Write = { name: string; actor: string; subject: string; category: string; action: string; committedAt: number };
  // An entry as a tail received it: any entry, the bench's writes and the app's own (a
  // token's first use, say), judged by the oracle from its actor, subject, category and action.
  type Seen = Pick<Write, "actor" | "subject" | "category" | "action">;
  type Tail = {
    label: string; person: Person; q: string; sees: (w: Seen) => boolean; token: string;
    /** Every entry received, by id; and the bench's writes among them, by name, with their arrival time. */
    seen: Map<string, Seen>; got: Map<string, number>;
    duplicates: number; outOfScope: number; resumes: number; lastId: string; stop: boolean; done: Promise<void> | null;
  };
  const FILTERS: Array<{ q: string; matches: (w: Seen) => boolean }> = [
    { q: "", matches: () => true },
    { q: "category:security", matches: (w) => w.category === "security" },
    { q: "action:bench.*", matches: (w) => w.action.startsWith("bench.") },
  ];
  const reach = (p: Person): ((w: Seen) => boolean) => {
    if (p.role === "auditor" || p.role === "admin") return () => true;
    if (p.role === "manager") {
      const team = reportsOf(p.id);
      return (w) => w.actor === p.id || w.subject === p.id || team.has(w.actor) || team.has(w.subject);
    }
    return (w) => w.actor === p.id || w.subject === p.id;
  };
  const tokens = new Map<string, string>();
  const tokenFor = async (p: Person) => {
    if (!tokens.has(p.id)) {
      const created = await createToken({ actor: { id: p.id, name: p.name, email: p.email, role: p.role as never, departmentName: "" }, request: { ip: "127.0.0.1", userAgent: "bench-tail" }, name: "bench", scopes: ["audit:read"], expiresInDays: 1 });
      tokens.set(p.id, created.token);
    }
    return tokens.get(p.id)!;
  };
  const makeTail = async (i: number, person: Person): Promise<Tail> => {
    const filter = FILTERS[i % FILTERS.length]!;
    const scope = reach(person);
    return { label: `${person.role} ${i}`, person, q: filter.q, sees: (w) => scope(w) && filter.matches(w), token: await tokenFor(person), seen: new Map(), got: new Map(), duplicates: 0, outOfScope: 0, resumes: 0, lastId: "", stop: false, done: null };
  };

  // ── The server: the real route behind node:http on loopback ──
  const server = http.createServer((req, res) => {
    const controller = new AbortController();
    res.on("close", () => controller.abort());
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
    void GET(new Request(`http://127.0.0.1:${HTTP_PORT}${req.url}`, { headers, signal: controller.signal }))
      .then(async (response) => {
        res.writeHead(response.status, Object.fromEntries(response.headers));
        if (response.body) for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) res.write(chunk);
        res.end();
      })
      .catch(() => res.end());
  });
  await new Promise<void>((resolve) => server.listen(HTTP_PORT, "127.0.0.1", resolve));
  onCleanup(() => new Promise((resolve) => server.close(() => resolve())));

  // ── A client: reads the stream, reconnects with Last-Event-ID when it ends ──
  const follow = (t: Tail) =>
    (async () => {
      let ready!: () => void;
      const first = new Promise<void>((r) => (ready = r));
      t.done = (async () => {
        while (!t.stop) {
          const controller = new AbortController();
          const headers: Record<string, string> = { authorization: `Bearer ${t.token}` };
          if (t.lastId) headers["last-event-id"] = t.lastId;
          const response = await fetch(`http://127.0.0.1:${HTTP_PORT}/api/audit-logs/tail?q=${encodeURIComponent(t.q)}`, { headers, signal: controller.signal }).catch(() => null);
          if (!response || response.status !== 200 || !response.body) {
            console.error(`  ${t.label}: ${response?.status ?? "no answer"} ${response ? await response.text() : ""}`);
            await sleep(500);
            continue;
          }
          const reader = response.body.getReader();
          const decoder = new TextDecoder();
          let buffer = "";
          const stopper = setInterval(() => t.stop && controller.abort(), 100);
          try {
            for (;;) {
              const { value, done } = await reader.read();
              if (done) break;
              buffer += decoder.decode(value, { stream: true });
              let cut: number;
              while ((cut = buffer.indexOf("\n\n")) >= 0) {
                const block = buffer.slice(0, cut);
                buffer = buffer.slice(cut + 2);
                let id = "";
                let event = "message";
                let data = "";
                for (const line of block.split("\n")) {
                  if (line.startsWith("id: ")) id = line.slice(4);
                  else if (line.startsWith("event: ")) event = line.slice(7);
                  else if (line.startsWith("data: ")) data = line.slice(6);
                }
                if (id) t.lastId = id;
                if (event === "ready") ready();
                if (event === "entry") {
                  const now = performance.now();
                  const e = JSON.parse(data) as { id: string; action: string; category: string; actor: { id: string | null }; subject: { id: string } | null; entity: { name: string } };
                  if (t.seen.has(e.id)) t.duplicates++;
                  else {
                    t.seen.set(e.id, { actor: e.actor.id ?? "", subject: e.subject?.id ?? "", category: e.category, action: e.action });
                    if (e.action === "bench.tailed") t.got.set(e.entity.name, now);
                  }
                }
                if (event === "overflow") console.error(`  ${t.label}: overflow`);
              }
            }
          } catch {
            // aborted
          } finally {
            clearInterval(stopper);
          }
          if (!t.stop) t.resumes++;
        }
      })();
      await first;
    })();

  // ── Writers: a forked process (see the top of this file) ──
  const child = fork(fileURLToPath(import.meta.url), ["--writer"], { execArgv: process.execArgv, env: process.env, stdio: ["ignore", "inherit", "inherit", "ipc"] });
  onCleanup(async () => void child.disconnect());
  await new Promise<void>((resolve) => child.once("message", () => resolve()));
  let sequence = 0;
  const writeFor = async (seconds: number): Promise<Write[]> => {
    const done = new Promise<Written[]>((resolve) => child.once("message", (m) => resolve(m as Written[])));
    child.send({ people: people.map(({ id, name, email, role }) => ({ id, name, email, role })), seconds, rate: RATE, writers: WRITERS, firstSequence: sequence } satisfies WriteOrder);
    const written = await done;
    sequence += written.length + 100_000;
    // Commit times on this process's clock.
    return written.map((w) => ({ ...w, committedAt: w.committedAt - performance.timeOrigin }));
  };

  // ── NOTIFY's own round trip: the floor of any delivery latency ──
  const notifyFloor = async () => {
    const listener = new pg.Client({ connectionString: url });
    const sender = new pg.Client({ connectionString: url });
    await listener.connect();
    await sender.connect();
    await listener.query("LISTEN bench_floor");
    const times: number[] = [];
    for (let i = 0; i < 200; i++) {
      const heard = new Promise<void>((r) => listener.once("notification", () => r()));
      const t0 = performance.now();
      await sender.query("SELECT pg_notify('bench_floor', 'x')");
      await heard;
      times.push(performance.now() - t0);
    }
    await listener.end();
    await sender.end();
    return times.sort((a, b) => a - b);
  };

  const phase = async (label: string, tails: Tail[]) => {
    console.log(`\n${label}: ${tails.length} tail${tails.length === 1 ? "" : "s"}, ${RATE} audited writes/s for ${SECONDS} s…`);
    await Promise.all(tails.map(follow));
    await sleep(500);
    const hub = tailHub();
    const stats0 = { ...hub.stats };
    const cpu0 = postgresCpuSeconds(postmasterPid);
    const started = performance.now();
    const written = await writeFor(SECONDS);
    const elapsed = (performance.now() - started) / 1000;
    await sleep(3_000); // drain: anything later than this counts as lost
    const cpu = postgresCpuSeconds(postmasterPid) - cpu0;
    const stats = {
      rounds: hub.stats.rounds - stats0.rounds, queries: hub.stats.queries - stats0.queries, queryMs: hub.stats.queryMs - stats0.queryMs,
      catchUps: hub.stats.catchUps - stats0.catchUps, catchUpMs: hub.stats.catchUpMs - stats0.catchUpMs,
    };
    for (const t of tails) t.stop = true;
    await Promise.all(tails.map((t) => t.done));
    const latencies: number[] = [];
    let expected = 0;
    let lost = 0;
    for (const t of tails) {
      for (const w of written) {
        if (!t.sees(w)) continue;
        expected++;
        const at = t.got.get(w.name);
        if (at === undefined) lost++;
        else latencies.push(at - w.committedAt);
      }
    }
    latencies.sort((a, b) => a - b);
    for (const t of tails) {
      for (const e of t.seen.values()) {
        if (t.sees(e)) continue;
        if (t.outOfScope++ < 3) console.error(`  out of scope for ${t.label} (${t.q || "no search"}): ${JSON.stringify(e)}`);
      }
    }
    const outOfScope = tails.reduce((n, t) => n + t.outOfScope, 0);
    const duplicates = tails.reduce((n, t) => n + t.duplicates, 0);
    const resumes = tails.reduce((n, t) => n + t.resumes, 0);
    if (tails.length === 0) {
      console.log(`  writes committed: ${written.length} in ${elapsed.toFixed(1)} s (${(written.length / elapsed).toFixed(0)}/s); PostgreSQL CPU ${cpu.toFixed(2)} s`);
      return { latencies, lost, outOfScope, duplicates, queryMsPerSecond: 0, roundMsPerSecond: 0, cpu, written: written.length, elapsed };
    }
    console.log(`  writes committed: ${written.length} in ${elapsed.toFixed(1)} s (${(written.length / elapsed).toFixed(0)}/s)`);
    console.log(`  deliveries: ${latencies.length} of ${expected} expected; lost ${lost}; out of scope ${outOfScope}; duplicates ${duplicates}; resumes (stream ended, reconnected with Last-Event-ID) ${resumes}`);
    console.log(`  latency from commit: p50 ${ms(percentile(latencies, 50))}, p95 ${ms(percentile(latencies, 95))}, p99 ${ms(percentile(latencies, 99))}, max ${ms(latencies.at(-1) ?? NaN)}`);
    console.log(`  hub: ${stats.rounds} rounds, ${stats.queries} queries, ${(stats.queryMs / elapsed).toFixed(1)} ms of query time per second, of which resumes' catch-ups ${stats.catchUps} taking ${(stats.catchUpMs / elapsed).toFixed(1)} ms/s; PostgreSQL CPU ${cpu.toFixed(2)} s (writes included)`);
    return { latencies, lost, outOfScope, duplicates, queryMsPerSecond: stats.queryMs / elapsed, roundMsPerSecond: (stats.queryMs - stats.catchUpMs) / elapsed, cpu, written: written.length, elapsed };
  };

  const floor = await notifyFloor();
  console.log(`NOTIFY round trip (floor of the delivery latency): p50 ${ms(percentile(floor, 50))}, p95 ${ms(percentile(floor, 95))}`);
  // The writes alone: PostgreSQL's CPU without any tail, the floor the tails add to.
  const none = await phase("No tail (the writes alone)", []);
  const auditor = people.find((p) => p.role === "auditor")!;
  const one = await phase("One tail", [await makeTail(0, auditor)]);
  const mixed: Person[] = people.filter((p) => p.role !== "hr_operations" || true);
  const tails: Tail[] = [];
  for (let i = 0; i < TAILS; i++) tails.push(await makeTail(i, mixed[i % mixed.length]!));
  const many = await phase(`${TAILS} tails of mixed roles`, tails);

  const p95 = percentile(many.latencies, 95);
  const ratio = many.queryMsPerSecond / one.queryMsPerSecond;
  const roundRatio = many.roundMsPerSecond / one.roundMsPerSecond;
  console.log("\nTargets:");
  console.log(`  delivery p95 ≤ 2,000 ms from commit: ${ms(p95)} ${p95 <= 2000 ? "met" : "NOT MET"}`);
  console.log(`  0 out of scope: ${many.outOfScope} ${many.outOfScope === 0 ? "met" : "NOT MET"}; 0 lost: ${many.lost} ${many.lost === 0 ? "met" : "NOT MET"}; 0 duplicates: ${many.duplicates}`);
  const cpuOne = one.cpu / one.elapsed - none.cpu / none.elapsed;
  const cpuMany = many.cpu / many.elapsed - none.cpu / none.elapsed;
  console.log(`  database load of ${TAILS} tails ≤ 2× one (the hub's query time, resumes included): ${many.queryMsPerSecond.toFixed(1)} vs ${one.queryMsPerSecond.toFixed(1)} ms/s = ${ratio.toFixed(2)}× ${ratio <= 2 ? "met" : "NOT MET"}`);
  console.log(`    the rounds alone (the steady state, without the resumes every ${LIFETIME} s): ${many.roundMsPerSecond.toFixed(1)} vs ${one.roundMsPerSecond.toFixed(1)} ms/s = ${roundRatio.toFixed(2)}×`);
  console.log(`    PostgreSQL CPU over the writes alone (${(none.cpu / none.elapsed).toFixed(3)} CPU-s/s): +${cpuMany.toFixed(3)} CPU-s/s for ${TAILS} tails vs +${cpuOne.toFixed(3)} for one (noisy: the writes dominate)`);
  if (p95 > 2000 || many.outOfScope > 0 || many.lost > 0 || ratio > 2 || one.lost > 0) exitCode = 1;
  await tailHub().close();
  await db.$disconnect();
} catch (error) {
  console.error(error);
  exitCode = 1;
} finally {
  await cleanup();
}
process.exit(exitCode);
