// `npm run bench:realtime`: 1,000 pusher-js clients (the Node build of the browser
// SDK) on a local soketi, spread evenly over the eight roles, each subscribed to its
// own user channel and its role's channel (signed by the app's channel authorizer).
// The clients are real people of a generated organisation (departments, managers).
// Announcements to audiences of every shape (a role, a department, a manager's team, a
// mix with an exclusion) are published through the real path: the service resolves
// the audience and its transaction writes the outbox rows, delivery sends them through
// the pusher server SDK to each person's own channel, soketi fans them out. Latency is
// from the publish call to each client's receipt; the audience is worked out here from
// the organisation, independently of the app: a receipt outside it is out-of-audience
// (must be 0), one missing is lost (must be 0). Then one announcement to everyone by
// email, through the outbox into a local SMTP catcher (target ≥ 100 messages/s). A
// benchmark, not a test: it prints figures.
//
// Fresh database on the embedded PostgreSQL (BENCH_PG_PORT), soketi on BENCH_SOKETI_PORT.
import { randomBytes, randomUUID } from "node:crypto";
import os from "node:os";
import path from "node:path";
import type Pusher from "pusher-js";
import { dropDatabase, startEmbeddedPostgres, stopAndRemove } from "./pg.mjs";
import { cleanup, onCleanup } from "./bench-cleanup";
import { ephemeralSecrets, setUpDatabase } from "./prepare-db.mjs";
import { loopbackPusher } from "./pusher-client";
import { pusherEnv, soketiCredentials, startSoketi } from "./soketi.mjs";

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 1000);
const ANNOUNCEMENTS = Number(process.env.BENCH_ANNOUNCEMENTS ?? 70);
const GAP_MS = Number(process.env.BENCH_GAP_MS ?? 100);
const PG_PORT = Number(process.env.BENCH_PG_PORT ?? 54380);
const SOKETI_PORT = Number(process.env.BENCH_SOKETI_PORT ?? 6003);
const DEPARTMENTS = Number(process.env.BENCH_DEPARTMENTS ?? 7);

const ROLES = ["admin", "hr_operations", "auditor", "manager", "team_lead", "employee", "junior_employee", "intern"] as const;
// Single-role audiences (auditors too).
const SINGLE_ROLE_AUDIENCES = ["employee", "manager", "admin", "hr_operations", "team_lead", "intern", "junior_employee", "auditor"] as const;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const ms = (n: number) => `${n.toFixed(1)} ms`;

const secrets = ephemeralSecrets();
const dataDir = path.join(os.tmpdir(), `hr-governance-bench-rt-${process.pid}`, "data");
const pgServer = await startEmbeddedPostgres({ dataDir, port: PG_PORT, fsync: false, superPassword: secrets.PG_SUPERUSER_PASSWORD });
onCleanup(() => stopAndRemove(pgServer, path.dirname(dataDir)));
const adminUrl = pgServer.url("postgres");
const dbName = `bench_rt_${randomBytes(4).toString("hex")}`;
const credentials = soketiCredentials();
const soketi = await startSoketi({ port: SOKETI_PORT, ...credentials });
onCleanup(() => soketi.stop());
const clients: Pusher[] = [];
onCleanup(async () => {
  for (const c of clients) c.disconnect();
});
let exitCode = 0;

try {
  const { url } = await setUpDatabase({ superUrl: adminUrl, database: dbName, secrets });
  Object.assign(process.env, { DATABASE_URL: url, AUTH_SECRET: secrets.AUTH_SECRET, ...pusherEnv({ port: SOKETI_PORT, ...credentials }) });
  const { db } = await import("@/lib/db");
  const { authorizeChannel } = await import("@/lib/realtime/auth");
  const { createAnnouncement } = await import("@/lib/announcements/service");
  const { channelsFor } = await import("@/lib/realtime/channels");

  const author = await db.user.create({
    data: { name: "Bench Author", email: `bench-${randomBytes(3).toString("hex")}@acme.test`, passwordHash: "x", role: "hr_operations" },
  });
  const ctx = {
    actor: { id: author.id, name: author.name, email: author.email, role: author.role, departmentName: "" },
    request: { ip: "127.0.0.1", userAgent: "bench-realtime", path: "/bench" },
  };

  // The organisation: CLIENTS people over the eight roles and DEPARTMENTS departments,
  // each (but the managers) reporting to one of the managers of their department.
  const departments = await Promise.all(Array.from({ length: DEPARTMENTS }, (_, d) => db.department.create({ data: { name: `Bench dept ${d}` } })));
  type Person = { id: string; role: (typeof ROLES)[number]; dept: number; manager: string | null; email: string };
  const people: Person[] = [];
  for (let i = 0; i < CLIENTS; i++) {
    const role = ROLES[i % ROLES.length]!;
    people.push({ id: randomUUID(), role, dept: i % DEPARTMENTS, manager: null, email: `bench-${i}-${randomBytes(3).toString("hex")}@acme.test` });
  }
  const managersOf = (d: number) => people.filter((p) => p.role === "manager" && p.dept === d);
  for (const p of people) if (p.role !== "manager") p.manager = managersOf(p.dept)[people.indexOf(p) % managersOf(p.dept).length]?.id ?? null;
  await db.user.createMany({ data: people.filter((p) => p.role === "manager").map((p) => ({ id: p.id, name: `Bench ${p.id.slice(0, 8)}`, email: p.email, passwordHash: "x", role: p.role, departmentId: departments[p.dept]!.id })) });
  await db.user.createMany({ data: people.filter((p) => p.role !== "manager").map((p) => ({ id: p.id, name: `Bench ${p.id.slice(0, 8)}`, email: p.email, passwordHash: "x", role: p.role, departmentId: departments[p.dept]!.id, managerId: p.manager })) });

  // When each announcement's publish call started, who it is for (worked out here from
  // the organisation, not by the app), and every receipt (matched after the run).
  const publishedAt = new Map<string, number>();
  const audienceOf = new Map<string, Set<string>>();
  const receipts: Array<{ id: string; person: string; at: number }> = [];
  let duplicates = 0;

  console.log(`Connecting ${CLIENTS} pusher-js clients to soketi on 127.0.0.1:${SOKETI_PORT} (${CLIENTS / ROLES.length} per role, ${DEPARTMENTS} departments)…`);
  const connectStarted = performance.now();
  const subscribe = (i: number) => {
    const person = people[i]!;
    const viewer = { id: person.id, role: person.role };
    const seen = new Set<string>();
    // The app's authorizer, called in-process instead of over HTTP.
    const client = loopbackPusher(credentials.key, SOKETI_PORT, (channelName, socketId) => authorizeChannel({ viewer, socketId, channelName }));
    clients.push(client);
    return Promise.all(
      channelsFor(viewer).map(
        (name) =>
          new Promise<void>((resolve, reject) => {
            const channel = client.subscribe(name);
            channel.bind("pusher:subscription_succeeded", () => resolve());
            channel.bind("pusher:subscription_error", (e: unknown) => reject(new Error(`${name}: ${JSON.stringify(e)}`)));
            channel.bind("announcement_created", (data: { announcementId: string; eventId: string }) => {
              const now = performance.now();
              if (seen.has(data.eventId)) {
                duplicates++;
                return;
              }
              seen.add(data.eventId);
              receipts.push({ id: data.announcementId, person: person.id, at: now });
            });
          }),
      ),
    );
  };
  for (let i = 0; i < CLIENTS; i += 50) await Promise.all(Array.from({ length: Math.min(50, CLIENTS - i) }, (_, k) => subscribe(i + k)));
  console.log(`  all subscribed in ${ms(performance.now() - connectStarted)} (${CLIENTS * 2} private channels)`);

  // Audiences of every shape in turn: one role, a department, a manager's team, a role and
  // a department except interns.
  const shapes: Array<(n: number) => { label: string; rule: Record<string, unknown>; members: (p: Person) => boolean }> = [
    (n) => { const role = SINGLE_ROLE_AUDIENCES[n % SINGLE_ROLE_AUDIENCES.length]!; return { label: `role ${role}`, rule: { roles: [role] }, members: (p) => p.role === role }; },
    (n) => { const d = n % DEPARTMENTS; return { label: `department ${d}`, rule: { departments: [departments[d]!.id] }, members: (p) => p.dept === d }; },
    (n) => { const ms = people.filter((p) => p.role === "manager"); const m = ms[n % ms.length]!; return { label: "a manager's team", rule: { teamsOf: [m.id] }, members: (p) => p.manager === m.id }; },
    (n) => { const d = n % DEPARTMENTS; return { label: `employees and department ${d}, except interns`, rule: { roles: ["employee"], departments: [departments[d]!.id], exclude: { roles: ["intern"] } }, members: (p) => (p.role === "employee" || p.dept === d) && p.role !== "intern" }; },
  ];
  console.log(`Publishing ${ANNOUNCEMENTS} announcements (roles, departments, teams, mixed with exclusions), one every ${GAP_MS} ms…`);
  let expected = 0;
  const publishStarted = performance.now();
  for (let n = 0; n < ANNOUNCEMENTS; n++) {
    const shape = shapes[n % shapes.length]!(Math.floor(n / shapes.length));
    const at = performance.now();
    const a = await createAnnouncement({ ...ctx, title: `Bench ${n}: ${shape.label}`, body: "Benchmark.", audienceRule: shape.rule, startDate: "2026-01-01", endDate: "2030-12-31" });
    publishedAt.set(a.id, at);
    const members = new Set(people.filter(shape.members).map((p) => p.id));
    audienceOf.set(a.id, members);
    expected += members.size;
    await new Promise((r) => setTimeout(r, GAP_MS));
  }
  // Wait for the stragglers (up to 10 s).
  const deadline = performance.now() + 10_000;
  while (receipts.filter((r) => publishedAt.has(r.id)).length < expected && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const wall = (performance.now() - publishStarted) / 1000;

  const ours = receipts.filter((r) => publishedAt.has(r.id));
  const outOfAudience = ours.filter((r) => !audienceOf.get(r.id)!.has(r.person)).length;
  const inAudience = ours.filter((r) => audienceOf.get(r.id)!.has(r.person));
  const lost = expected - new Set(inAudience.map((r) => `${r.id}:${r.person}`)).size;
  const latencies = inAudience.map((r) => r.at - publishedAt.get(r.id)!);
  latencies.sort((a, b) => a - b);
  const pending = await db.outboxMessage.count({ where: { channel: "realtime", sentAt: null } });
  console.log("");
  console.log(`Clients:                         ${CLIENTS} over ${ROLES.length} roles and ${DEPARTMENTS} departments`);
  console.log(`Announcements published:         ${ANNOUNCEMENTS} (${wall.toFixed(1)} s)`);
  console.log(`Deliveries expected / received:  ${expected} / ${inAudience.length}`);
  console.log(`Delivery latency p50:            ${ms(percentile(latencies, 50))}`);
  console.log(`Delivery latency p95:            ${ms(percentile(latencies, 95))}`);
  console.log(`Delivery latency p99:            ${ms(percentile(latencies, 99))}`);
  console.log(`Delivery latency max:            ${ms(latencies.at(-1) ?? NaN)}`);
  console.log(`Out-of-audience deliveries:      ${outOfAudience}`);
  console.log(`Lost deliveries:                 ${lost}`);
  console.log(`Duplicate deliveries (dropped):  ${duplicates}`);
  console.log(`Outbox rows left unsent:         ${pending}`);
  const p95 = percentile(latencies, 95);
  let ok = outOfAudience === 0 && lost === 0 && p95 < 1000;

  // Email: one announcement to everyone, by email too, through the outbox into a local
  // SMTP catcher; its floor is the same mailer sending the same rendered message.
  const { startSmtpCatcher } = await import("@/lib/email/catcher");
  const { deliverEmailOutbox } = await import("@/lib/email/deliver");
  const { smtpMailer } = await import("@/lib/email/transport");
  const catcher = await startSmtpCatcher();
  onCleanup(() => catcher.close());
  const mailer = smtpMailer(`smtp://127.0.0.1:${catcher.port}`);
  const mailed = await createAnnouncement({ ...ctx, title: "Bench email to everyone", body: "Benchmark.\n\nSecond paragraph.", audienceRule: { everyone: true }, sendEmail: true, startDate: "2026-01-01", endDate: "2030-12-31" });
  const toSend = await db.outboxMessage.count({ where: { channel: "email", sentAt: null, payload: { path: ["announcementId"], equals: mailed.id } } });
  const emailStarted = performance.now();
  let emailed = 0;
  while (emailed < toSend) {
    const r = await deliverEmailOutbox({ mailer, limit: 2000 });
    if (r.sent === 0 && r.failed > 0) {
      const failed = await db.outboxMessage.findFirst({ where: { channel: "email", lastError: { not: null } }, select: { lastError: true } });
      throw new Error(`email delivery failing: ${failed?.lastError}`);
    }
    emailed += r.sent;
  }
  const emailSeconds = (performance.now() - emailStarted) / 1000;
  const floorStarted = performance.now();
  let floor = 0;
  await Promise.all(Array.from({ length: 12 }, async (_, w) => {
    for (let i = w; i < toSend; i += 12) {
      await mailer({ messageId: `<floor-${i}@bench>`, to: people[i % people.length]!.email, subject: "Floor", html: "<p>Benchmark.</p>", text: "Benchmark." });
      floor++;
    }
  }));
  const floorSeconds = (performance.now() - floorStarted) / 1000;
  const emailRate = toSend / emailSeconds;
  console.log(`Emails through the outbox:       ${toSend} in ${emailSeconds.toFixed(1)} s: ${Math.round(emailRate)}/s (floor, the same mailer sending directly: ${Math.round(floor / floorSeconds)}/s)`);
  console.log(`Emails received by the catcher:  ${catcher.received()}`);
  ok = ok && emailRate >= 100 && catcher.received() >= toSend;
  console.log(ok ? "\nPASS: p95 under 1 s, every delivery in its audience, nothing lost, email ≥ 100/s." : "\nFAIL: see the figures above.");
  if (!ok) exitCode = 1;
  await db.$disconnect();
} catch (error) {
  console.error(error);
  exitCode = 1;
} finally {
  await dropDatabase(adminUrl, dbName).catch(() => {});
  await cleanup();
}
process.exit(exitCode);
