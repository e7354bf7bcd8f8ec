// `npm run bench:scan`: the six alert scans over 10,000 employees with 90 days of
// attendance, timers, tasks and requests. Prints, in one run: each scan's time (first
// run, raising), all six together from a clean alert table, a full re-run (must raise
// 0), and next to each the same condition as one raw SQL query. A benchmark, not a test.
// Both sides are warmed the same way before anything is timed: each raw query runs once,
// and each scan runs once over an empty condition (a `now` before all the data, an
// overload threshold nobody reaches), which raises nothing. The clean-table run of all
// six is repeated BENCH_REPEAT times (TRUNCATE between), as is the raw SQL; medians.
//   BENCH_EMPLOYEES (10000)  BENCH_DAYS (90)  BENCH_REPEAT (3)  BENCH_PG_PORT (56473)  BENCH_ADMIN_URL (another server)
import { randomBytes } from "node:crypto";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres, stopAndRemove } from "./pg.mjs";
import { ephemeralSecrets, setUpDatabase } from "./prepare-db.mjs";

const EMPLOYEES = Number(process.env.BENCH_EMPLOYEES ?? 10_000);
const DAYS = Number(process.env.BENCH_DAYS ?? 90);
const REPEAT = Math.max(1, Number(process.env.BENCH_REPEAT ?? 3));
const secrets = ephemeralSecrets();
let stop = async () => {};
let adminUrl = process.env.BENCH_ADMIN_URL;
if (!adminUrl) {
  const dataDir = path.join(os.tmpdir(), `hr-governance-bench-scan-pg-${process.pid}`, "data");
  const server = await startEmbeddedPostgres({ dataDir, port: Number(process.env.BENCH_PG_PORT ?? 56473), superPassword: secrets.PG_SUPERUSER_PASSWORD });
  adminUrl = server.url("postgres");
  stop = () => stopAndRemove(server, path.dirname(dataDir));
}
try {
  const dbName = `bench_scan_${randomBytes(4).toString("hex")}`;
  const { url, ownerUrl } = await setUpDatabase({ superUrl: adminUrl, database: dbName, secrets });
  process.env.DATABASE_URL = url;
  process.env.AUTH_SECRET ??= secrets.AUTH_SECRET;
  const owner = new pg.Pool({ connectionString: ownerUrl, max: 4 });
  // Stopping the server at the end (or after a failure) ends idle connections: not an error of the run.
  owner.on("error", () => {});

  console.log(`Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
  const genStart = performance.now();
  // People: one admin, directors and managers (100 reports each), then employees.
  const managers = Math.max(1, Math.round(EMPLOYEES / 100));
  const directors = Math.max(1, Math.round(managers / 10));
  await owner.query(`
    INSERT INTO departments (id, name) VALUES (uuidv7(), 'Bench');
    INSERT INTO users (id, name, email, password_hash, role, manager_id, department_id, weekly_capacity_hours, updated_at)
    SELECT uuidv7(), 'Admin One', 'admin@bench.test', 'x', 'admin', NULL, (SELECT id FROM departments LIMIT 1), 40, now();
    INSERT INTO users (id, name, email, password_hash, role, manager_id, department_id, weekly_capacity_hours, updated_at)
    SELECT uuidv7(), 'Director ' || g, 'director' || g || '@bench.test', 'x', 'manager', (SELECT id FROM users WHERE role = 'admin'), (SELECT id FROM departments LIMIT 1), 40, now()
      FROM generate_series(1, ${directors}) g;
    CREATE TEMP TABLE dirs AS SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM users WHERE email LIKE 'director%';
    INSERT INTO users (id, name, email, password_hash, role, manager_id, department_id, weekly_capacity_hours, updated_at)
    SELECT uuidv7(), 'Manager ' || g, 'manager' || g || '@bench.test', 'x', 'manager', (SELECT id FROM dirs WHERE n = g % ${directors}), (SELECT id FROM departments LIMIT 1), 40, now()
      FROM generate_series(1, ${managers}) g;
    CREATE TEMP TABLE mgrs AS SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM users WHERE email LIKE 'manager%';
    INSERT INTO users (id, name, email, password_hash, role, manager_id, department_id, weekly_capacity_hours, updated_at)
    SELECT uuidv7(), 'Employee ' || g, 'employee' || g || '@bench.test', 'x', 'employee', m.id, (SELECT id FROM departments LIMIT 1), 40, now()
      FROM generate_series(1, ${EMPLOYEES}) g JOIN mgrs m ON m.n = g % ${managers};
    CREATE TEMP TABLE emps AS SELECT id, row_number() OVER (ORDER BY id) AS n FROM users WHERE role = 'employee';
  `);
  // 90 days of closed sessions (weekdays) with a timer block each.
  await owner.query(`
    INSERT INTO attendance_sessions (id, user_id, check_in_at, check_out_at, updated_at)
    SELECT uuidv7(), e.id, d + interval '4 hours' + (e.n % 60) * interval '1 minute', d + interval '13 hours', now()
      FROM emps e CROSS JOIN generate_series(date_trunc('day', now()) - interval '${DAYS} days', date_trunc('day', now()) - interval '1 day', interval '1 day') d
     WHERE extract(isodow FROM d) < 6`);
  await owner.query(`
    INSERT INTO time_logs (id, user_id, started_at, ended_at, updated_at)
    SELECT uuidv7(), s.user_id, s.check_in_at + interval '30 minutes', s.check_in_at + interval '3 hours', now() FROM attendance_sessions s`);
  // Today: 3% missing a check-out (open since yesterday), 4% idle (in 5 h, nothing logged),
  // half in and working (a running timer).
  await owner.query(`
    INSERT INTO attendance_sessions (id, user_id, check_in_at, updated_at)
    SELECT uuidv7(), e.id,
           CASE WHEN e.n % 100 < 3 THEN now() - interval '20 hours' WHEN e.n % 100 < 7 THEN now() - interval '5 hours' ELSE now() - interval '2 hours' END, now()
      FROM emps e WHERE e.n % 100 < 57;
    INSERT INTO time_logs (id, user_id, started_at, updated_at)
    SELECT uuidv7(), e.id, now() - interval '90 minutes', now() FROM emps e WHERE e.n % 100 BETWEEN 7 AND 56`);
  // Tasks: 8 a person; finished history, open work, 8% overdue, 2% overloaded.
  await owner.query(`
    INSERT INTO tasks (id, title, assignee_id, due_date, status, estimate_minutes, created_at, updated_at)
    SELECT uuidv7(), 'Task ' || e.n || '-' || k, e.id,
           CASE WHEN k = 1 AND e.n % 100 < 8 THEN now() - interval '2 days' WHEN k <= 4 THEN now() - (k * 10) * interval '1 day' ELSE now() + k * interval '1 day' END,
           (CASE WHEN k = 1 AND e.n % 100 < 8 THEN 'IN_PROGRESS' WHEN k <= 4 THEN 'COMPLETED' ELSE 'TODO' END)::"TaskStatus",
           CASE WHEN e.n % 100 BETWEEN 10 AND 11 THEN 900 ELSE 120 END, now() - interval '30 days', now()
      FROM emps e CROSS JOIN generate_series(1, 8) k`);
  // Leave: one request each; 3% pending for a week. Projects: one per 20 people; a quarter pending for 10 days.
  await owner.query(`
    INSERT INTO leave_requests (id, requester_id, type, start_date, end_date, reason, status, created_at, updated_at)
    SELECT uuidv7(), e.id, 'annual', current_date + 20, current_date + 21, 'Bench', (CASE WHEN e.n % 100 < 3 THEN 'pending' ELSE 'approved' END)::"RequestStatus",
           CASE WHEN e.n % 100 < 3 THEN now() - interval '7 days' ELSE now() - interval '40 days' END, now() FROM emps e;
    INSERT INTO project_requests (id, requester_id, title, description, status, created_at, updated_at)
    SELECT uuidv7(), e.id, 'Project ' || e.n, 'Bench', (CASE WHEN e.n % 80 = 0 THEN 'pending' ELSE 'approved' END)::"RequestStatus",
           CASE WHEN e.n % 80 = 0 THEN now() - interval '10 days' ELSE now() - interval '40 days' END, now() FROM emps e WHERE e.n % 20 = 0;
    ANALYZE`);
  const counts = (await owner.query(`SELECT (SELECT count(*) FROM users) u, (SELECT count(*) FROM attendance_sessions) s, (SELECT count(*) FROM time_logs) t,
      (SELECT count(*) FROM tasks) k, (SELECT count(*) FROM leave_requests) l, (SELECT count(*) FROM project_requests) p`)).rows[0];
  console.log(`Data: ${counts.u} people, ${counts.s} sessions, ${counts.t} time logs, ${counts.k} tasks, ${counts.l} leave, ${counts.p} project requests (generated in ${((performance.now() - genStart) / 1000).toFixed(1)} s)\n`);

  const { runScan, runAllScans } = await import("@/lib/alerts/run");
  const { missingCheckoutCutoff, idleCutoff, approvalDelayCutoff } = await import("@/lib/alerts/rules");
  const { SCAN_TYPES } = await import("@/lib/alerts/contract");
  const { ALERT_SETTING_DEFAULTS } = await import("@/lib/settings/schemas");
  const { db, pool } = await import("@/lib/db");
  const settings = { ...ALERT_SETTING_DEFAULTS };
  const now = new Date();

  // The same conditions as one raw SQL query each (no recipients, labels or writes).
  const raw: Record<string, [string, unknown[]]> = {
    missing_checkout: [
      `SELECT s.id, s.user_id FROM attendance_sessions s WHERE s.check_out_at IS NULL AND s.check_in_at <= $1
          AND NOT EXISTS (SELECT 1 FROM leave_requests l WHERE l.requester_id = s.user_id AND l.status = 'approved'
                             AND (s.check_in_at AT TIME ZONE 'Asia/Karachi')::date BETWEEN l.start_date AND l.end_date)`,
      [missingCheckoutCutoff(now, settings.missingCheckoutBufferHours)],
    ],
    overdue_task: [`SELECT id, assignee_id FROM tasks WHERE status IN ('TODO', 'IN_PROGRESS') AND due_date < $1`, [now]],
    idle_after_checkin: [
      `SELECT s.id FROM attendance_sessions s WHERE s.check_out_at IS NULL AND s.check_in_at > $2 AND s.check_in_at <= $3
          AND NOT EXISTS (SELECT 1 FROM time_logs t WHERE t.user_id = s.user_id AND COALESCE(t.ended_at, $1) > $3)
          AND NOT EXISTS (SELECT 1 FROM tasks k WHERE k.assignee_id = s.user_id AND GREATEST(k.started_at, k.completed_at) > $3)`,
      [now, missingCheckoutCutoff(now, settings.missingCheckoutBufferHours), idleCutoff(now, settings.idleAfterCheckinHours)],
    ],
    approval_delay: [
      `SELECT id FROM leave_requests WHERE status = 'pending' AND created_at <= $1 UNION ALL SELECT id FROM project_requests WHERE status = 'pending' AND created_at <= $1`,
      [approvalDelayCutoff(now, settings.approvalDelayHours)],
    ],
    workload_overload: [
      `SELECT t.assignee_id FROM tasks t JOIN users u ON u.id = t.assignee_id WHERE t.status IN ('TODO', 'IN_PROGRESS')
        GROUP BY t.assignee_id, u.weekly_capacity_hours HAVING sum(t.estimate_minutes) * 100 > u.weekly_capacity_hours * 60 * $1`,
      [settings.workloadOverloadPercent],
    ],
    unacknowledged_announcement: [
      `SELECT a.id, u.id FROM announcements a CROSS JOIN users u
        WHERE a.requires_acknowledgement AND a.escalate_unacknowledged AND a.is_active AND a.ack_by <= $1 AND u.status = 'active'
          AND announcement_targets(a.id, u.id)
          AND NOT EXISTS (SELECT 1 FROM announcement_reads r WHERE r.announcement_id = a.id AND r.user_id = u.id AND r.acknowledged_at IS NOT NULL)`,
      [now],
    ],
  };
  const time = async <T>(fn: () => Promise<T>) => {
    const t = performance.now();
    const value = await fn();
    return { ms: performance.now() - t, value };
  };
  await pool.query("SELECT 1"); // connect before timing
  // Warm-up: every scan over an empty condition (raises nothing), every raw query once.
  const empty = { ...settings, workloadOverloadPercent: 1_000_000 };
  for (const type of SCAN_TYPES) {
    const warm = await runScan(type, { now: new Date("2000-01-01T00:00:00Z"), settings: empty });
    if (warm.found !== 0) throw new Error(`warm-up of ${type} found ${warm.found}`);
    await pool.query(raw[type]![0], raw[type]![1]);
  }
  const rows: string[] = [];
  const pad = (s: string | number, n: number) => String(s).padStart(n);
  rows.push(`${"scan".padEnd(20)} ${pad("found", 6)} ${pad("raised", 7)} ${pad("scan ms", 9)} ${pad("rerun ms", 9)} ${pad("raw SQL ms", 11)} ${pad("rows", 6)} ${pad("rerun/raw", 10)}`);
  const perScan: Array<{ type: string; first: number; raw: number }> = [];
  for (const type of SCAN_TYPES) {
    const first = await time(() => runScan(type, { now, settings }));
    const again = await time(() => runScan(type, { now, settings }));
    const [sql, params] = raw[type]!;
    const rawRun = await time(() => pool.query(sql, params));
    perScan.push({ type, first: first.ms, raw: rawRun.ms });
    rows.push(`${type.padEnd(20)} ${pad(first.value.found, 6)} ${pad(first.value.raised.length, 7)} ${pad(first.ms.toFixed(0), 9)} ${pad(again.ms.toFixed(0), 9)} ${pad(rawRun.ms.toFixed(1), 11)} ${pad(rawRun.value.rowCount ?? 0, 6)} ${pad(`${(again.ms / rawRun.ms).toFixed(1)}×`, 10)}`);
    if (again.value.raised.length !== 0) throw new Error(`${type} raised ${again.value.raised.length} on its re-run`);
  }
  console.log(rows.join("\n"));

  // All six from a clean alert table, then the full re-run; REPEAT times, medians.
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const firsts: number[] = [];
  const reruns: number[] = [];
  const raws: number[] = [];
  let raisedAll = 0;
  let raisedRerun = 0;
  let outbox = 0;
  let dupes = 0;
  for (let i = 0; i < REPEAT; i++) {
    await owner.query("TRUNCATE alerts; DELETE FROM outbox_messages");
    const all = await time(() => runAllScans({ now, settings }));
    const rerun = await time(() => runAllScans({ now, settings }));
    const rawAll = await time(async () => {
      for (const type of SCAN_TYPES) await pool.query(raw[type]![0], raw[type]![1]);
    });
    firsts.push(all.ms);
    reruns.push(rerun.ms);
    raws.push(rawAll.ms);
    raisedAll = all.value.reduce((n, r) => n + r.raised.length, 0);
    raisedRerun = Math.max(raisedRerun, rerun.value.reduce((n, r) => n + r.raised.length, 0));
    outbox = (await owner.query("SELECT count(*)::int AS n FROM outbox_messages")).rows[0].n;
    dupes = Math.max(dupes, (await owner.query("SELECT count(*)::int AS n FROM (SELECT 1 FROM alerts WHERE status = 'OPEN' GROUP BY dedupe_key, recipient_user_id HAVING count(*) > 1) d")).rows[0].n);
  }
  const list = (xs: number[]) => (xs.length > 1 ? ` (runs: ${xs.map((x) => x.toFixed(0)).join(", ")})` : "");

  // Digests (issue 24): the round just raised, grouped per recipient into one outbox row
  // each, against the raw SQL that groups the same alerts by recipient into the same
  // lists (no modes, no inhibition, no writes). The alerts are made pending again
  // between runs.
  const { buildDigests } = await import("@/lib/alerts/notify");
  const later = new Date(now.getTime() + 10 * 60_000);
  const resetDigests = () => owner.query("UPDATE alerts SET notified_at = NULL, digest_id = NULL WHERE notified_at IS NOT NULL AND digest_id IS NOT NULL; DELETE FROM outbox_messages WHERE topic = 'alert.digest'");
  const rawDigest = `SELECT recipient_user_id, count(*) AS n,
         jsonb_agg(jsonb_build_object('alertId', id, 'type', type, 'severity', severity, 'subjectLabel', subject_label, 'entityLabel', entity_label,
                                      'createdAt', created_at, 'reminder', false) ORDER BY severity DESC, subject_label, type, created_at, id) AS alerts
    FROM alerts WHERE status = 'OPEN' AND notified_at IS NULL AND created_at <= $1 GROUP BY recipient_user_id`;
  const pendingAlerts = (await owner.query("SELECT count(*)::int AS n, count(DISTINCT recipient_user_id)::int AS r FROM alerts WHERE status = 'OPEN' AND notified_at IS NULL")).rows[0];
  await pool.query(rawDigest, [later]); // warm
  if (process.env.BENCH_EXPLAIN) {
    const { digestSql } = await import("@/lib/alerts/notify");
    const sql = digestSql({ now: later, settings });
    const client = await pool.connect();
    await client.query("BEGIN");
    await client.query("SET LOCAL enable_nestloop = off");
    const plan = await client.query(`EXPLAIN (ANALYZE, COSTS OFF, TIMING ON, SUMMARY ON) ${sql.text}`, sql.values);
    await client.query("ROLLBACK");
    client.release();
    console.log(plan.rows.map((r) => r["QUERY PLAN"]).join("\n"));
  }
  // The same grouping written the plainest way: the grouped rows inserted into the outbox
  // and the alerts marked, in one transaction (what any digest must write).
  const rawDigestWrite = async () => {
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      await client.query(`INSERT INTO outbox_messages (id, channel, topic, payload, created_at, idempotency_key)
        SELECT uuidv7(), 'email', 'alert.digest', jsonb_build_object('alerts', g.alerts), $1, 'raw:' || g.recipient_user_id || ':' || $1::text
          FROM (${rawDigest.replace("$1", "$1::timestamptz")}) g`, [later]);
      await client.query("UPDATE alerts SET notified_at = $1 WHERE status = 'OPEN' AND notified_at IS NULL AND created_at <= $1", [later]);
      await client.query("ROLLBACK");
    } finally {
      client.release();
    }
  };
  const digestRuns: number[] = [];
  const rawDigestRuns: number[] = [];
  const rawWriteRuns: number[] = [];
  let built = { digests: 0, alerts: 0, reminders: 0, heldBack: 0 };
  for (let i = 0; i < REPEAT; i++) {
    await resetDigests();
    const raw = await time(() => pool.query(rawDigest, [later]));
    const write = await time(rawDigestWrite);
    const run = await time(() => buildDigests({ now: later, settings }));
    rawWriteRuns.push(write.ms);
    rawDigestRuns.push(raw.ms);
    digestRuns.push(run.ms);
    built = run.value;
  }
  const [digestMs, rawDigestMs, rawWriteMs] = [median(digestRuns), median(rawDigestRuns), median(rawWriteRuns)];
  const [first, again, rawMs] = [median(firsts), median(reruns), median(raws)];
  console.log(`\nAll six scans (clean alert table):  ${first.toFixed(0)} ms${list(firsts)}, raised ${raisedAll} alerts (${outbox} outbox rows)`);
  console.log(`Full re-run:                        ${again.toFixed(0)} ms${list(reruns)}, raised ${raisedRerun} (must be 0); duplicate open alerts: ${dupes}`);
  console.log(`Raw SQL, six conditions:            ${rawMs.toFixed(0)} ms${list(raws)}`);
  console.log(`All six vs raw: ${(first / rawMs).toFixed(1)}× (first run, inserting); re-run vs raw: ${(again / rawMs).toFixed(1)}×. Target: all six < 3000 ms and within 5× of raw SQL.`);
  console.log(`\nDigests of the round: ${pendingAlerts.n} alerts waiting for ${pendingAlerts.r} recipients → ${built.digests} digests carrying ${built.alerts} (${built.heldBack} held back by an overload)`);
  console.log(`Digest build:                       ${digestMs.toFixed(0)} ms${list(digestRuns)}`);
  console.log(`Raw SQL, the same alerts grouped:   ${rawDigestMs.toFixed(0)} ms${list(rawDigestRuns)}`);
  console.log(`Raw SQL, grouped, queued, marked:   ${rawWriteMs.toFixed(0)} ms${list(rawWriteRuns)} (the rows inserted and the alerts updated, rolled back)`);
  console.log(`Digest build vs raw: ${(digestMs / rawDigestMs).toFixed(2)}× (target: within 2×); vs the raw writes: ${(digestMs / rawWriteMs).toFixed(2)}×.`);
  if (built.digests !== pendingAlerts.r && built.heldBack === 0) process.exitCode = 1;
  await owner.end();
  await db.$disconnect();
  // The scans use the pool directly; Prisma ends it only if it ever connected.
  if (!pool.ended) await pool.end();
  if (raisedRerun !== 0 || dupes !== 0) process.exitCode = 1;
} finally {
  await stop();
}
