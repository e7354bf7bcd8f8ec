// `npm run bench:search`: the auditor's workspace at ten million entries. Builds a log
// of BENCH_ENTRIES (10,000,000) entries over 180 days, batched with progress, then
// times typical searches through the API handler (HTTP on loopback against the built
// app, signed in as an auditor: session check, zod, the search, the data-access row,
// JSON) next to the same search as raw SQL, and as OFFSET + count(*) for the deep
// page; charts; and CSV export rows/s next to COPY … TO STDOUT. A benchmark, not a
// test: it prints figures. Runs `next build` first (BENCH_SKIP_BUILD=1 reuses .next).
//
// The entries are synthetic and inserted by SQL as the owner, in chain order, with
// placeholder hashes: the bench measures reads, not the chain (bench:audit does).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { to as copyTo } from "pg-copy-streams";
import { hashPassword } from "@/lib/auth/password";
import { startEmbeddedPostgres, stopAndRemove } from "./pg.mjs";
import { appEnv, ephemeralSecrets, root, setUpDatabase } from "./prepare-db.mjs";

const ENTRIES = Number(process.env.BENCH_ENTRIES ?? 10_000_000);
const USERS = Number(process.env.BENCH_USERS ?? 2_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 60);
const PORT = Number(process.env.BENCH_PORT ?? 3590);
const DAYS = 180;
const BATCH = 250_000;
const PASSWORD = "Bench-Auditor-Pass-1";

const ms = (n: number) => `${n.toFixed(1)} ms`;
function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
  return { p50: at(50), p95: at(95), p99: at(99) };
}
async function time(runs: number, op: (i: number) => Promise<unknown>) {
  for (let i = 0; i < 3; i++) await op(i); // warm up
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await op(i);
    samples.push(performance.now() - t);
  }
  return stats(samples);
}

// ── A cluster and database of our own ──
// BENCH_DATA_DIR keeps the cluster and its log between runs (building ten million
// entries takes a quarter of an hour): the first run builds and keeps it, later runs
// bring it to the current migrations and measure. BENCH_ONLY picks sections by name
// (searches, deep, charts, export), comma-separated.
const keepDir = process.env.BENCH_DATA_DIR ? path.resolve(process.env.BENCH_DATA_DIR) : null;
const statePath = keepDir ? path.join(keepDir, "bench.json") : null;
const saved = statePath && fs.existsSync(statePath)
  ? (JSON.parse(fs.readFileSync(statePath, "utf8")) as { database: string; secrets: ReturnType<typeof ephemeralSecrets>; entries: number; users: number })
  : null;
const only = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(",").map((s) => s.trim())) : null;
const section = (name: string) => !only || only.has(name);
const secrets = saved?.secrets ?? ephemeralSecrets();
const dataDir = keepDir ? path.join(keepDir, "data") : path.join(os.tmpdir(), `hr-governance-bench-search-${process.pid}`, "data");
if (keepDir && !saved) fs.rmSync(keepDir, { recursive: true, force: true });
const server = await startEmbeddedPostgres({ dataDir, port: Number(process.env.BENCH_PG_PORT ?? 54390), fsync: false, superPassword: secrets.PG_SUPERUSER_PASSWORD });
let app: ChildProcess | null = null;
const cleanUp = async () => {
  app?.kill("SIGTERM");
  if (keepDir) await server.stop();
  else await stopAndRemove(server, path.dirname(dataDir));
};
process.on("SIGINT", () => void cleanUp().then(() => process.exit(130)));
process.on("SIGTERM", () => void cleanUp().then(() => process.exit(143)));

try {
  const database = saved?.database ?? `bench_search_${randomBytes(3).toString("hex")}`;
  const { url, ownerUrl } = await setUpDatabase({ superUrl: server.url("postgres"), database, secrets });
  const owner = new pg.Client({ connectionString: ownerUrl });
  await owner.connect();
  const runtime = new pg.Pool({ connectionString: url, max: 4 });
  // When the run stops early the cluster stops under open connections: say so once, not as a crash.
  owner.on("error", (e) => console.error(`[bench] owner connection: ${e.message}`));
  runtime.on("error", (e) => console.error(`[bench] runtime pool: ${e.message}`));

  const auditorEmail = "bench.auditor@acme.test";
  const ACTIONS = [
    ["auth.login_succeeded", "security", "login", "low"], ["auth.signed_out", "security", "logout", "low"],
    ["auth.login_failed", "security", "login", "medium"], ["attendance_session.checked_in", "time_attendance", "create", "low"],
    ["attendance_session.checked_out", "time_attendance", "update", "low"], ["time_log.started", "time_attendance", "create", "low"],
    ["time_log.stopped", "time_attendance", "update", "low"], ["task.created", "performance", "create", "low"],
    ["task.started", "performance", "update", "low"], ["task.completed", "performance", "update", "low"],
    ["task.reviewed", "performance", "approve", "low"], ["leave_request.submitted", "governance", "submit", "low"],
    ["leave_request.approved", "governance", "approve", "medium"], ["leave_request.rejected", "governance", "reject", "medium"],
    ["project_request.submitted", "governance", "submit", "low"], ["project_request.approved", "governance", "approve", "medium"],
    ["user.updated", "user_management", "update", "low"], ["user.role_changed", "user_management", "update", "high"],
    ["user.compensation_changed", "compensation", "update", "critical"], ["audit_log.exported", "compliance", "export", "medium"],
  ] as const;
  const WORDS = ["quarterly", "onboarding", "payroll", "vendor", "laptop", "migration", "roadmap", "budget", "compliance", "sprint", "hiring", "warehouse", "customer", "invoice", "training", "security", "review", "contract", "benefits", "relocation"];
  let t = performance.now();
  if (saved) {
    await runtime.query(`SELECT audit_rollup_advance(100000000)`);
    await runtime.query(`SELECT audit_text_seal_due()`);
    console.log(`Reusing the log of ${saved.entries.toLocaleString("en-US")} entries kept in ${keepDir}.`);
  } else {
    // ── People: USERS actors and one auditor who signs in ──
    await owner.query(
      `INSERT INTO users (id, name, email, password_hash, role, updated_at)
       SELECT uuidv7(), 'Person ' || g, 'person' || g || '@acme.test', 'x', (ARRAY['employee','manager','team_lead','hr_operations','junior_employee'])[1 + g % 5]::"Role", now()
         FROM generate_series(1, $1) g`,
      [USERS],
    );
    await owner.query(`INSERT INTO users (id, name, email, password_hash, role, updated_at) VALUES (uuidv7(), 'Bench Auditor', $1, $2, 'auditor', now())`, [auditorEmail, await hashPassword(PASSWORD)]);
    await owner.query(`CREATE TEMP TABLE bench_people AS SELECT row_number() OVER (ORDER BY email) - 1 AS i, id, name, email, role::text AS role FROM users WHERE email LIKE 'person%'`);

    // ── The log ──
    await owner.query(`CREATE TEMP TABLE bench_actions AS SELECT ordinality - 1 AS i, a[1] AS action, a[2] AS category, a[3] AS type, a[4] AS risk FROM unnest($1::text[][]) WITH ORDINALITY AS t(a)`, [ACTIONS.map((a) => [...a])]).catch(async () => {
      // unnest of a 2-D array yields scalars: build the table row by row instead.
      await owner.query(`CREATE TEMP TABLE bench_actions (i int, action text, category text, type text, risk text)`);
      for (const [i, a] of ACTIONS.entries()) await owner.query(`INSERT INTO bench_actions VALUES ($1, $2, $3, $4, $5)`, [i, ...a]);
    });
    await owner.query(`CREATE INDEX ON bench_people (i); CREATE INDEX ON bench_actions (i); ANALYZE bench_people; ANALYZE bench_actions`);
    const t0 = Date.now() - DAYS * 86_400_000;
    await owner.query(`SELECT audit_ensure_partitions($1::timestamptz, now())`, [new Date(t0)]);
    // Loading is faster with the secondary indexes built afterwards, in bulk.
    const indexes = (await owner.query<{ indexname: string; indexdef: string }>(
      `SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'audit_logs' AND indexname NOT LIKE '%pkey'`,
    )).rows;
    for (const { indexname } of indexes) await owner.query(`DROP INDEX ${indexname}`);
    const step = (DAYS * 86_400_000) / ENTRIES;
    console.log(`Building a log of ${ENTRIES.toLocaleString("en-US")} entries over ${DAYS} days by ${USERS.toLocaleString("en-US")} people…`);
    const loadStarted = performance.now();
    for (let from = 0; from < ENTRIES; from += BATCH) {
      const to = Math.min(ENTRIES, from + BATCH) - 1;
      // Deterministic per position g: who, what, when, on which record.
      await owner.query(
        `INSERT INTO audit_logs (id, event_timestamp, event_type, event_category, action_type, action_description, module_name,
           user_id, user_name, user_email, user_role, session_id, ip_address, user_agent, object_type, object_id, object_name,
           subject_user_id, risk_level, status, chain_id, chain_seq, content_hash, entry_hash)
         SELECT uuidv7(), to_timestamp(($1::float8 + g * $2::float8) / 1000), a.type::"AuditEventType", a.category::"AuditCategory", a.action,
                p.name || ' ' || replace(a.action, '_', ' ') || ' (' || ($5::text[])[1 + (g / 7) % 20] || ' ' || ($5::text[])[1 + (g / 13) % 20] || ')', 'bench',
                p.id, p.name, p.email, p.role, md5(p.i::text || (g / 5000)::text), '10.' || (p.i % 250) || '.' || (g % 7) || '.' || (1 + p.i % 200), 'bench-agent',
                split_part(a.action, '.', 1), 'obj-' || split_part(a.action, '.', 1) || '-' || (g % 40000), 'Record ' || (g % 40000), p.id,
                (CASE WHEN a.action = 'auth.login_failed' AND g % 3 = 0 THEN 'high' ELSE a.risk END)::"RiskLevel",
                (CASE WHEN a.action = 'auth.login_failed' THEN 'failure' ELSE 'success' END)::"AuditOutcome",
                (g % 16)::smallint, g / 16 + 1, decode(md5(g::text), 'hex'), decode(md5(g::text), 'hex')
           FROM generate_series($3::bigint, $4::bigint) g
           JOIN bench_people p ON p.i = (g * 7919) % $6
           -- Most entries are sign-ins, attendance and timers; tasks next; decisions and people changes rare.
           JOIN bench_actions a ON a.i = CASE WHEN g % 100 < 75 THEN (g * 31 + g / 1000) % 7
                                              WHEN g % 100 < 93 THEN 7 + (g * 31) % 4
                                              ELSE 11 + (g * 31 + g / 1000) % ${ACTIONS.length - 11} END`,
        [t0, step, from, to, WORDS, USERS],
      );
      const done = to + 1;
      const rate = done / ((performance.now() - loadStarted) / 1000);
      process.stdout.write(`\r  ${done.toLocaleString("en-US")} entries (${Math.round((100 * done) / ENTRIES)} %, ${Math.round(rate).toLocaleString("en-US")}/s)   `);
    }
    process.stdout.write("\n");
    const indexStarted = performance.now();
    await owner.query(`SET maintenance_work_mem = '1GB'`);
    for (const { indexname, indexdef } of indexes) {
      process.stdout.write(`\r  building index ${indexname}…                    `);
      await owner.query(indexdef.replace(" ON ONLY ", " ON "));
    }
    process.stdout.write(`\r  ${indexes.length} indexes built in ${((performance.now() - indexStarted) / 1000).toFixed(0)} s.                    \n`);
    await owner.query(`UPDATE audit_chain_heads h SET last_seq = m.seq, last_ts = m.ts FROM (SELECT chain_id, max(chain_seq) AS seq, max(event_timestamp) AS ts FROM audit_logs GROUP BY chain_id) m WHERE m.chain_id = h.chain_id`);
    await owner.query(`VACUUM ANALYZE audit_logs`);
    t = performance.now();
    const rolled = await runtime.query(`SELECT audit_rollup_advance(100000000) AS n`);
    console.log(`Rolled up ${Number(rolled.rows[0].n).toLocaleString("en-US")} entries in ${((performance.now() - t) / 1000).toFixed(1)} s.`);
    // The months that have ended get their free-text counts, as the daily maintenance would.
    t = performance.now();
    const sealed = await runtime.query(`SELECT audit_text_seal_due() AS n`);
    console.log(`Sealed ${sealed.rows[0].n} ended months for free text in ${((performance.now() - t) / 1000).toFixed(1)} s; load took ${((performance.now() - loadStarted) / 1000).toFixed(0)} s in all.`);
    if (statePath) fs.writeFileSync(statePath, JSON.stringify({ database, secrets, entries: ENTRIES, users: USERS }));
  }
  const users = saved?.users ?? USERS;

  // ── The app, signed in as the auditor ──
  // Built afresh unless BENCH_SKIP_BUILD=1 says the current .next is this code's.
  if (process.env.BENCH_SKIP_BUILD !== "1" || !fs.existsSync(path.join(root, ".next", "BUILD_ID"))) {
    console.log("Building the app (next build)…");
    const built = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], { cwd: root, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
    if (built.status !== 0) throw new Error("next build failed");
  }
  // A server already answering on the port (say, left over from an interrupted run) would
  // be measured instead of this one.
  if (await fetch(`http://127.0.0.1:${PORT}/sign-in`).then(() => true, () => false)) throw new Error(`port ${PORT} is already in use (BENCH_PORT picks another)`);
  app = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(PORT), "-H", "127.0.0.1"], {
    cwd: root, stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, ...appEnv(secrets), DATABASE_URL: url, NEXT_TELEMETRY_DISABLED: "1", SIGN_IN_LIMIT_PER_IP: "1000", API_REQUESTS_PER_MINUTE: "1000000", API_EXPORTS_PER_HOUR: "100000" },
  });
  const base = `http://127.0.0.1:${PORT}`;
  for (let i = 0; ; i++) {
    if (await fetch(`${base}/sign-in`).then((r) => r.ok, () => false)) break;
    if (i > 120) throw new Error("the app did not start");
    await new Promise((r) => setTimeout(r, 500));
  }
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const signedIn = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST", redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: csrf.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ") },
    body: new URLSearchParams({ csrfToken, email: auditorEmail, password: PASSWORD, callbackUrl: base }),
  });
  const cookie = [...csrf.headers.getSetCookie(), ...signedIn.headers.getSetCookie()].map((c) => c.split(";")[0]).join("; ");
  if (!cookie.includes("session-token")) throw new Error(`sign-in failed (HTTP ${signedIn.status})`);
  // The handler's own account of each request (Server-Timing: the session check, then
  // the read and its data-access row); the rest of a figure is HTTP, Next and JSON.
  let serverTimings: Array<{ session: number; handler: number }> = [];
  const api = async (pathAndQuery: string) => {
    const r = await fetch(`${base}${pathAndQuery}`, { headers: { Cookie: cookie } });
    const st = Object.fromEntries((r.headers.get("server-timing") ?? "").split(",").map((p) => p.trim().split(";dur=") as [string, string]));
    serverTimings.push({ session: Number(st.session), handler: Number(st.handler) });
    const body = await r.text();
    if (!r.ok) throw new Error(`${pathAndQuery}: HTTP ${r.status} ${body.slice(0, 300)}`);
    return body;
  };

  // An API token of the auditor's, for the same search as a bearer client.
  const minted = await fetch(`${base}/api/tokens`, {
    method: "POST",
    headers: { Cookie: cookie, "Content-Type": "application/json" },
    body: JSON.stringify({ name: "bench", scopes: ["audit:read", "audit:export"], expiresInDays: 1 }),
  });
  if (minted.status !== 201) throw new Error(`token creation failed (HTTP ${minted.status})`);
  const { token } = (await minted.json()) as { token: string };
  const bearerApi = async (pathAndQuery: string) => {
    const r = await fetch(`${base}${pathAndQuery}`, { headers: { Authorization: `Bearer ${token}` } });
    const st = Object.fromEntries((r.headers.get("server-timing") ?? "").split(",").map((p) => p.trim().split(";dur=") as [string, string]));
    serverTimings.push({ session: Number(st.session), handler: Number(st.handler) });
    const body = await r.text();
    if (!r.ok) throw new Error(`${pathAndQuery}: HTTP ${r.status} ${body.slice(0, 300)}`);
    return body;
  };

  // ── Typical searches: handler, raw SQL, and OFFSET + count(*) where it applies ──
  const pkt = (d: Date) => new Date(d.getTime() + 5 * 3_600_000).toISOString().slice(0, 10);
  const now = new Date();
  const daysAgo = (n: number) => pkt(new Date(now.getTime() - n * 86_400_000));
  const person = (i: number) => ({ email: `person${i}@acme.test` });
  const sqlRows = async (sql: string, params: unknown[]) => (await runtime.query(sql, params)).rowCount;
  const LIST = `SELECT id, event_timestamp, action_type, action_description, user_name, user_role, object_type, object_id, object_name, risk_level, status FROM audit_logs`;
  // Two common words (each in a tenth of the entries) that never meet in one entry:
  // no probe can fill a page for them, and the word index alone must intersect both
  // lists in full to say so. Its raw figure is that intersection (the floor), not ILIKE.
  const never = section("searches")
    ? (await runtime.query<{ a: string; b: string }>(
        `SELECT a, b FROM unnest($1::text[]) a, unnest($1::text[]) b WHERE a < b
            AND NOT EXISTS (SELECT 1 FROM (SELECT * FROM audit_logs ORDER BY event_timestamp DESC LIMIT 200000) r WHERE action_description LIKE '%' || a || '%' AND action_description LIKE '%' || b || '%') LIMIT 4`,
        [WORDS],
      )).rows
    : [];
  const cases: Array<{ name: string; q: (i: number) => string; raw: (i: number) => [string, unknown[]]; chart?: boolean; target: number }> = [
    {
      name: "actor + 6 months", target: 30,
      q: (i) => `actor:${person(1 + (i % users)).email} created:>=${daysAgo(182)}`,
      raw: (i) => [`${LIST} WHERE lower(user_email) = lower($1) AND event_timestamp >= $2 ORDER BY event_timestamp DESC, id DESC LIMIT 50`, [person(1 + (i % users)).email, new Date(now.getTime() - 182 * 86_400_000)]],
    },
    {
      name: "action prefix + 7 days", target: 30,
      q: (i) => `action:${["leave_request", "task", "auth", "user"][i % 4]}.* created:>=${daysAgo(7)}`,
      raw: (i) => [`${LIST} WHERE action_type LIKE $1 AND event_timestamp >= $2 ORDER BY event_timestamp DESC, id DESC LIMIT 50`, [`${["leave_request", "task", "auth", "user"][i % 4]}.%`, new Date(now.getTime() - 7 * 86_400_000)]],
    },
    {
      name: "entity history", target: 30,
      q: (i) => `entity:task entity_id:obj-task-${(i * 977) % 40000}`,
      raw: (i) => [`${LIST} WHERE object_type = 'task' AND object_id = $1 ORDER BY event_timestamp DESC, id DESC LIMIT 50`, [`obj-task-${(i * 977) % 40000}`]],
    },
    {
      name: "free text", target: 50,
      q: (i) => `${WORDS[i % WORDS.length]} ${WORDS[(i * 7 + 3) % WORDS.length]}`,
      raw: (i) => [`${LIST} WHERE (action_description ILIKE $1 OR object_name ILIKE $1 OR user_name ILIKE $1) AND (action_description ILIKE $2 OR object_name ILIKE $2 OR user_name ILIKE $2) ORDER BY event_timestamp DESC, id DESC LIMIT 50`, [`%${WORDS[i % WORDS.length]}%`, `%${WORDS[(i * 7 + 3) % WORDS.length]}%`]],
    },
    ...(never.length > 0
      ? [{
          name: "free text, two common words that never meet", target: 50,
          q: (i: number) => `${never[i % never.length]!.a} ${never[i % never.length]!.b}`,
          raw: (i: number): [string, unknown[]] => [`SELECT count(*) FROM audit_logs WHERE audit_search_words(action_description || ' ' || object_name || ' ' || user_name) @@ to_tsquery('simple', $1)`, [`${never[i % never.length]!.a} & ${never[i % never.length]!.b}`]],
        }]
      : []),
    {
      // 250 entries each, spread over the 180 days, and made of words every entry has.
      name: "free text, a record's name", target: 50,
      q: (i) => `"Record ${(i * 7919) % 40000}"`,
      raw: (i) => [`${LIST} WHERE (action_description ILIKE $1 OR object_name ILIKE $1 OR user_name ILIKE $1) ORDER BY event_timestamp DESC, id DESC LIMIT 50`, [`%Record ${(i * 7919) % 40000}%`]],
    },
  ];
  console.log(`\nSearches (${RUNS} runs each after 3 warm-ups; p50 / p95 / p99)`);
  console.log("| search | through the API handler | of which session check / search + data-access row (p50) | raw SQL | target p95 |");
  console.log("|---|---|---|---|---|");
  const serverSplit = () => {
    const split = `${ms(stats(serverTimings.map((t) => t.session)).p50)} / ${ms(stats(serverTimings.map((t) => t.handler)).p50)}`;
    serverTimings = [];
    return split;
  };
  for (const c of section("searches") ? cases : []) {
    serverTimings = [];
    const handler = await time(RUNS, (i) => api(`/api/audit-logs?q=${encodeURIComponent(c.q(i))}&limit=50`));
    const split = serverSplit();
    // The naive raw form of a search the handler answers through an index can take
    // seconds a run: fewer runs of it say as much.
    const raw = await time(c.name.startsWith("free text") ? Math.min(RUNS, 10) : RUNS, (i) => sqlRows(...c.raw(i)));
    console.log(`| ${c.name} | ${ms(handler.p50)} / ${ms(handler.p95)} / ${ms(handler.p99)} | ${split} | ${ms(raw.p50)} / ${ms(raw.p95)} / ${ms(raw.p99)} | ≤ ${c.target} ms ${handler.p95 <= c.target ? "✓" : "✗"} |`);
  }
  if (section("token")) {
    // The same actor search with the session cookie and with a bearer token, in
    // alternating rounds so the machine's drift falls on both alike.
    const q = (i: number) => `/api/audit-logs?q=${encodeURIComponent(cases[0]!.q(i))}&limit=50`;
    const cookieRuns: number[] = [];
    const tokenRuns: number[] = [];
    const cookieSplit: number[] = [];
    const tokenSplit: number[] = [];
    for (let round = 0; round < 3; round++) {
      serverTimings = [];
      cookieRuns.push((await time(RUNS, (i) => api(q(i)))).p50);
      cookieSplit.push(stats(serverTimings.map((t) => t.session)).p50);
      serverTimings = [];
      tokenRuns.push((await time(RUNS, (i) => bearerApi(q(i)))).p50);
      tokenSplit.push(stats(serverTimings.map((t) => t.session)).p50);
    }
    const median = (a: number[]) => [...a].sort((x, y) => x - y)[1]!;
    console.log(`\nActor search, session cookie vs bearer token (${RUNS} runs × 3 alternating rounds; medians of the rounds' p50):`);
    console.log(`cookie ${ms(median(cookieRuns))} (session check ${ms(median(cookieSplit))}), token ${ms(median(tokenRuns))} (token check ${ms(median(tokenSplit))}); token − cookie: ${(median(tokenRuns) - median(cookieRuns)).toFixed(1)} ms (target ≤ 1 ms) [rounds: cookie ${cookieRuns.map((x) => x.toFixed(1)).join(", ")}; token ${tokenRuns.map((x) => x.toFixed(1)).join(", ")}]`);
  }
  if (never.length > 0) console.log(`(Words that never meet: ${never.map((p) => `"${p.a} ${p.b}"`).join(", ")}; their raw SQL is the word index's intersection alone, the floor without the sealed months' counts. The other raw figures are the naive ILIKE.)`);

  // Deep page: 20,000 rows into the last 30 days of logins, by cursor vs by OFFSET.
  if (section("deep")) {
  const deepQ = `type:login created:>=${daysAgo(30)}`;
  let cursor: string | null = null;
  // The cursor is opaque; the raw SQL starts after the same row, the last one read.
  let last: { at: string; id: string } | undefined;
  for (let page = 0; page < 100; page++) {
    const body = JSON.parse(await api(`/api/audit-logs?q=${encodeURIComponent(deepQ)}&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`)) as { data: Array<{ at: string; id: string }>; nextCursor: string | null };
    cursor = body.nextCursor;
    last = body.data.at(-1);
  }
  const deepCursor = cursor!;
  const keyset = await time(RUNS, () => api(`/api/audit-logs?q=${encodeURIComponent(deepQ)}&limit=50&cursor=${encodeURIComponent(deepCursor)}`));
  const since30 = new Date(now.getTime() - 30 * 86_400_000);
  const { at: cursorAt, id: cursorId } = last!;
  const keysetRaw = await time(RUNS, () =>
    runtime.query(`${LIST} WHERE event_type = 'login' AND event_timestamp >= $1 AND (event_timestamp, id) < ($2::timestamptz, $3::uuid) ORDER BY event_timestamp DESC, id DESC LIMIT 50`, [since30, cursorAt, cursorId]),
  );
  const offset = await time(Math.max(5, Math.floor(RUNS / 6)), async () => {
    await runtime.query(`${LIST} WHERE event_type = 'login' AND event_timestamp >= $1 ORDER BY event_timestamp DESC, id DESC OFFSET 20000 LIMIT 50`, [since30]);
    await runtime.query(`SELECT count(*) FROM audit_logs WHERE event_type = 'login' AND event_timestamp >= $1`, [since30]);
  });
  console.log(`\nDeep page, 20,000 rows in: keyset through the handler p50 ${ms(keyset.p50)}, p95 ${ms(keyset.p95)}; keyset as raw SQL p50 ${ms(keysetRaw.p50)}, p95 ${ms(keysetRaw.p95)}; OFFSET + count(*) as raw SQL p50 ${ms(offset.p50)}, p95 ${ms(offset.p95)}: ${(offset.p50 / keysetRaw.p50).toFixed(0)}× raw to raw, ${(offset.p50 / keyset.p50).toFixed(0)}× against the handler (target ≥ 50×)`);
  }

  // Charts.
  const chartCases = [
    { name: "90-day chart", q: `created:>=${daysAgo(90)}` },
    { name: "90-day chart, one filter", q: `category:security created:>=${daysAgo(90)}` },
    { name: "90-day chart, action prefix", q: `action:leave_request.* created:>=${daysAgo(90)}` },
  ];
  console.log("\n| chart | through the API handler (p50 / p95 / p99) | target p95 |");
  console.log("|---|---|---|");
  for (const c of section("charts") ? chartCases : []) {
    serverTimings = [];
    const r = await time(RUNS, () => api(`/api/audit-analytics?q=${encodeURIComponent(c.q)}`));
    console.log(`| ${c.name} | ${ms(r.p50)} / ${ms(r.p95)} / ${ms(r.p99)} (session / handler p50: ${serverSplit()}) | ≤ 250 ms ${r.p95 <= 250 ? "✓" : "✗"} |`);
  }
  if (section("charts")) {
    t = performance.now();
    await runtime.query(`SELECT date_trunc('day', event_timestamp), count(*) FROM audit_logs WHERE event_timestamp >= $1 GROUP BY 1`, [new Date(now.getTime() - 90 * 86_400_000)]);
    console.log(`(For scale: one GROUP BY day over the 90 days' entries themselves, raw SQL: ${ms(performance.now() - t)}.)`);
  }

  // Export: CSV through the handler vs COPY of the same rows.
  if (section("export")) {
  const exportQ = `created:>=${daysAgo(20)}`;
  t = performance.now();
  const res = await fetch(`${base}/api/audit-logs/export?format=csv&q=${encodeURIComponent(exportQ)}`, { headers: { Cookie: cookie } });
  if (!res.ok || !res.body) throw new Error(`export: HTTP ${res.status}`);
  let lines = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) for (const byte of chunk) if (byte === 10) lines++;
  const exportSeconds = (performance.now() - t) / 1000;
  const exportedRows = lines - 1;
  const copyClient = await runtime.connect();
  t = performance.now();
  let copyLines = 0;
  await pipeline(
    copyClient.query(copyTo(`COPY (SELECT * FROM audit_logs WHERE event_timestamp >= '${new Date(Date.parse(`${daysAgo(20)}T00:00:00+05:00`)).toISOString()}' ORDER BY event_timestamp DESC, id DESC) TO STDOUT WITH (FORMAT csv, HEADER)`)),
    new Writable({ write(chunk: Buffer, _e, done) { for (const byte of chunk) if (byte === 10) copyLines++; done(); } }),
  );
  const copySeconds = (performance.now() - t) / 1000;
  copyClient.release();
  const exportRate = exportedRows / exportSeconds;
  const copyRate = (copyLines - 1) / copySeconds;
  console.log(`\nExport (${exportedRows.toLocaleString("en-US")} rows, CSV): ${Math.round(exportRate).toLocaleString("en-US")} rows/s through the handler; COPY … TO STDOUT of the same rows: ${Math.round(copyRate).toLocaleString("en-US")} rows/s; ${Math.round((100 * exportRate) / copyRate)} % of COPY (targets ≥ 100,000 rows/s and ≥ 40 %)`);
  }

  await runtime.end();
  await owner.end();
} finally {
  await cleanUp();
}
