// `npm run bench:realtime`: 1,000 pusher-js clients (the Node build of the browser
// SDK) on a local soketi, spread evenly over the eight roles, each subscribed to its
// own user channel and its role's channel (signed by the app's channel authorizer).
// Announcements to single roles are then published through the real path: the
// service's transaction writes the outbox rows, delivery sends them through the pusher
// server SDK, soketi fans them out. Latency is from the publish call to each client's
// receipt; every event a client receives for an audience other than its role counts as
// out-of-audience (must be 0). A benchmark, not a test: it prints figures.
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

const ROLES = ["admin", "hr_operations", "auditor", "manager", "team_lead", "employee", "junior_employee", "intern"] as const;
// Every audience that is a single role (auditors are reached only through "all").
const SINGLE_ROLE_AUDIENCES = ["employee", "manager", "admin", "hr_operations", "team_lead", "intern", "junior_employee"] as const;

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

  // When each announcement's publish call started, and every receipt (matched after the run).
  const publishedAt = new Map<string, number>();
  const receipts: Array<{ id: string; at: number }> = [];
  let outOfAudience = 0;
  let duplicates = 0;

  console.log(`Connecting ${CLIENTS} pusher-js clients to soketi on 127.0.0.1:${SOKETI_PORT} (${CLIENTS / ROLES.length} per role)…`);
  const connectStarted = performance.now();
  const subscribe = (i: number) => {
    const role = ROLES[i % ROLES.length]!;
    const viewer = { id: randomUUID(), role };
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
            channel.bind("announcement_created", (data: { announcementId: string; audience: string; eventId: string }) => {
              const now = performance.now();
              if (seen.has(data.eventId)) {
                duplicates++;
                return;
              }
              seen.add(data.eventId);
              if (data.audience !== role) outOfAudience++;
              receipts.push({ id: data.announcementId, at: now });
            });
          }),
      ),
    );
  };
  for (let i = 0; i < CLIENTS; i += 50) await Promise.all(Array.from({ length: Math.min(50, CLIENTS - i) }, (_, k) => subscribe(i + k)));
  console.log(`  all subscribed in ${ms(performance.now() - connectStarted)} (${CLIENTS * 2} private channels)`);

  console.log(`Publishing ${ANNOUNCEMENTS} announcements to single roles, one every ${GAP_MS} ms…`);
  const perRole = new Map<string, number>();
  for (let i = 0; i < CLIENTS; i++) perRole.set(ROLES[i % ROLES.length]!, (perRole.get(ROLES[i % ROLES.length]!) ?? 0) + 1);
  let expected = 0;
  const publishStarted = performance.now();
  for (let n = 0; n < ANNOUNCEMENTS; n++) {
    const audience = SINGLE_ROLE_AUDIENCES[n % SINGLE_ROLE_AUDIENCES.length]!;
    const at = performance.now();
    const a = await createAnnouncement({ ...ctx, title: `Bench ${n} for ${audience}`, body: "Benchmark.", audience, startDate: "2026-01-01", endDate: "2030-12-31" });
    publishedAt.set(a.id, at);
    expected += perRole.get(audience) ?? 0;
    await new Promise((r) => setTimeout(r, GAP_MS));
  }
  // Wait for the stragglers (up to 10 s).
  const deadline = performance.now() + 10_000;
  while (receipts.length < expected && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const wall = (performance.now() - publishStarted) / 1000;

  const latencies = receipts.filter((r) => publishedAt.has(r.id)).map((r) => r.at - publishedAt.get(r.id)!);
  latencies.sort((a, b) => a - b);
  const pending = await db.outboxMessage.count({ where: { channel: "realtime", sentAt: null } });
  console.log("");
  console.log(`Clients:                         ${CLIENTS} over ${ROLES.length} roles`);
  console.log(`Announcements published:         ${ANNOUNCEMENTS} (single-role audiences, ${wall.toFixed(1)} s)`);
  console.log(`Deliveries expected / received:  ${expected} / ${latencies.length}`);
  console.log(`Delivery latency p50:            ${ms(percentile(latencies, 50))}`);
  console.log(`Delivery latency p95:            ${ms(percentile(latencies, 95))}`);
  console.log(`Delivery latency p99:            ${ms(percentile(latencies, 99))}`);
  console.log(`Delivery latency max:            ${ms(latencies.at(-1) ?? NaN)}`);
  console.log(`Out-of-audience deliveries:      ${outOfAudience}`);
  console.log(`Duplicate deliveries (dropped):  ${duplicates}`);
  console.log(`Outbox rows left unsent:         ${pending}`);
  const p95 = percentile(latencies, 95);
  const ok = outOfAudience === 0 && latencies.length === expected && p95 < 1000;
  console.log(ok ? "\nPASS: p95 under 1 s, every delivery in its audience, nothing lost." : "\nFAIL: see the figures above.");
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
