// The live tail on real PostgreSQL: new entries reach each tail in its reach within a
// second or two of their commit, one query serves every tail, and a tail resumed from
// its last event id misses nothing and repeats nothing, across a restart of the app.
import { afterAll, describe, expect, it, vi } from "vitest";
import { actorFromUser } from "@/lib/audit/write/actor";
import { auditedTransaction } from "@/lib/audit/write/transaction";
import type { CurrentUser } from "@/lib/auth/session";
import { createUser, REQUEST } from "@/test/factories";
import { parseQuery, type SearchQuery } from "../search/parse";
import type { AuditListRow } from "../search/query";
import { TailHub, tailHub } from "./hub";
import { openAuditTail, parseResumePosition } from "./stream";

const session = vi.hoisted(() => ({ user: null as CurrentUser | null }));
vi.mock("@/lib/auth/session", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/auth/session")>()),
  getCurrentUser: async () => session.user,
}));

type Person = Awaited<ReturnType<typeof createUser>>;
const hubs: TailHub[] = [];
afterAll(async () => {
  for (const hub of hubs) await hub.close();
  await tailHub().close(); // the route's, opened by the last test
});

function newHub() {
  const hub = new TailHub();
  hubs.push(hub);
  return hub;
}

function query(q: string): SearchQuery {
  const parsed = parseQuery(q);
  if (!parsed.ok) throw new Error(`bad query ${q}`);
  return parsed.ast;
}

/** One audited change by `who`, about `about` (default: themselves), named `name`. */
async function write(who: Person, name: string, about: Person = who) {
  await auditedTransaction(async (_tx, audit) => {
    audit.record({
      eventType: "update", category: "system", actionType: "fixture.tailed", description: `${who.user.name} changed ${name}`,
      actor: actorFromUser(who.actor), context: REQUEST, object: { type: "fixture", name }, subjectUserId: about.user.id,
    });
  });
}

/** Collects a hub subscription's rows. */
async function collect(hub: TailHub, who: Person, q = "") {
  const rows: AuditListRow[] = [];
  const sub = await hub.subscribe({ viewer: { id: who.user.id, role: who.user.role }, ast: query(q), deliver: (list) => rows.push(...list.map((x) => x.row)) });
  return { rows, ...sub };
}

async function until(check: () => boolean, ms = 3_000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
}

type Event = { id?: string; event?: string; data?: string };

/** Reads a Server-Sent Events stream as events (comments and `retry` left out). */
function events(stream: ReadableStream<Uint8Array>) {
  const seen: Event[] = [];
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  const done = (async () => {
    for (;;) {
      const { value, done: end } = await reader.read();
      if (end) return;
      buffer += decoder.decode(value, { stream: true });
      let cut: number;
      while ((cut = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const e: Event = {};
        for (const line of block.split("\n")) {
          const [field, ...rest] = line.split(": ");
          if (field === "id" || field === "event" || field === "data") e[field] = rest.join(": ");
        }
        if (e.id || e.event) seen.push(e);
      }
    }
  })();
  return { seen, done, cancel: () => reader.cancel() };
}

const entryNames = (seen: Event[]) => seen.filter((e) => e.event === "entry").map((e) => (JSON.parse(e.data!) as { entity: { name: string } }).entity.name);

describe("the tail hub", () => {
  it("sends each new entry to the tails whose reach and search it matches, within 2 s of commit", async () => {
    const hub = newHub();
    const manager = await createUser({ role: "manager" });
    const report = await createUser({ role: "employee", managerId: manager.user.id });
    const other = await createUser({ role: "employee" });
    const auditor = await createUser({ role: "auditor" });
    const own = await collect(hub, report);
    const team = await collect(hub, manager);
    const all = await collect(hub, auditor);
    const filtered = await collect(hub, auditor, `actor:"${other.user.name}"`);

    const started = Date.now();
    await write(report, "report's record");
    await write(other, "other's record");
    await until(() => all.rows.length >= 2);
    expect(Date.now() - started).toBeLessThan(2_000);
    await until(() => own.rows.length >= 1 && team.rows.length >= 1 && filtered.rows.length >= 1);
    // Give a wrong delivery the chance to arrive before checking there is none.
    await new Promise((r) => setTimeout(r, 300));
    expect(own.rows.map((r) => r.entity.name)).toEqual(["report's record"]);
    expect(team.rows.map((r) => r.entity.name)).toEqual(["report's record"]);
    expect(all.rows.map((r) => r.entity.name)).toEqual(["report's record", "other's record"]);
    expect(filtered.rows.map((r) => r.entity.name)).toEqual(["other's record"]);
    for (const s of [own, team, all, filtered]) s.unsubscribe();
  });

  it("reads each round once for all its tails: 40 tails cost the queries of one", async () => {
    const hub = newHub();
    const people = await Promise.all(Array.from({ length: 4 }, () => createUser({ role: "employee" })));
    const auditor = await createUser({ role: "auditor" });
    const one = await collect(hub, auditor);
    const before = { ...hub.stats };
    await write(people[0]!, "first");
    await until(() => one.rows.length >= 1);
    const single = { queries: hub.stats.queries - before.queries, rounds: hub.stats.rounds - before.rounds };

    const many = await Promise.all(Array.from({ length: 39 }, (_, i) => collect(hub, i % 2 ? auditor : people[i % 4]!, i % 3 ? "" : "action:fixture.*")));
    const after = { ...hub.stats };
    await write(people[1]!, "second");
    await until(() => one.rows.length >= 2);
    const forty = { queries: hub.stats.queries - after.queries, rounds: hub.stats.rounds - after.rounds };
    expect(forty.rounds).toBeGreaterThanOrEqual(1);
    // Per round: one read of the heads and one of the entries, however many tails.
    expect(forty.queries / forty.rounds).toBeLessThanOrEqual(single.queries / single.rounds);
    expect(many.filter((m) => m.rows.some((r) => r.entity.name === "second")).length).toBeGreaterThan(0);
    one.unsubscribe();
    for (const m of many) m.unsubscribe();
  });
});

describe("the tail as events", () => {
  it("resumes from its last event id with no gap and no duplicate, across a restart of the app", async () => {
    const auditor = await createUser({ role: "auditor" });
    const writer = await createUser({ role: "employee" });
    const q = query(`actor:"${writer.user.name}"`);
    let hub = newHub();
    const first = events(await openAuditTail({ ...auditor.ctx, ast: q, hub }));
    await until(() => first.seen.some((e) => e.event === "ready"));
    await write(writer, "one");
    await write(writer, "two");
    await until(() => entryNames(first.seen).length === 2);
    const lastId = first.seen.filter((e) => e.id).at(-1)!.id!;
    expect(parseResumePosition(lastId)?.since).toBeTypeOf("number");
    await first.cancel();

    // The app stops; entries are committed while nothing listens; a new process starts.
    await hub.close();
    await write(writer, "three");
    await write(auditor, "not theirs to match"); // outside the search: never sent
    await write(writer, "four");
    hub = newHub();
    const resumed = events(await openAuditTail({ ...auditor.ctx, ast: q, hub, resumeFrom: lastId }));
    await until(() => resumed.seen.some((e) => e.event === "ready"));
    await write(writer, "five");
    await until(() => entryNames(resumed.seen).length >= 3);
    await new Promise((r) => setTimeout(r, 300));
    expect(entryNames(resumed.seen)).toEqual(["three", "four", "five"]);
    // Ids only move forward.
    const ids = resumed.seen.filter((e) => e.id).map((e) => parseResumePosition(e.id!)!.position);
    for (let i = 1; i < ids.length; i++) for (const [chain, seq] of ids[i - 1]!) expect(ids[i]!.get(chain) ?? 0).toBeGreaterThanOrEqual(seq);
    await resumed.cancel();
  });

  it("an employee's tail never carries another person's entry", async () => {
    const hub = newHub();
    const employee = await createUser({ role: "employee" });
    const other = await createUser({ role: "employee" });
    const tail = events(await openAuditTail({ ...employee.ctx, ast: query(""), hub }));
    await until(() => tail.seen.some((e) => e.event === "ready"));
    await write(other, "someone else's");
    await write(employee, "mine");
    await write(other, "about me", employee);
    await until(() => entryNames(tail.seen).length >= 2);
    await new Promise((r) => setTimeout(r, 300));
    expect(entryNames(tail.seen)).toEqual(["mine", "about me"]);
    await tail.cancel();
  });

  it("refuses a resume position it did not send", async () => {
    const auditor = await createUser({ role: "auditor" });
    for (const bad of ["yesterday", "1:5", "~", "~1:x", "abc~1:5"]) {
      await expect(openAuditTail({ ...auditor.ctx, ast: query(""), hub: newHub(), resumeFrom: bad })).rejects.toThrow("Last-Event-ID");
    }
  });

  it("the route answers an event stream, and a bad search with 400", async () => {
    const { GET } = await import("@/app/api/audit-logs/tail/route");
    const auditor = await createUser({ role: "auditor" });
    session.user = { ...auditor.actor, title: null, managerId: null, sessionId: `session-${auditor.user.id}` };
    const bad = await GET(new Request("http://localhost/api/audit-logs/tail?q=risk:purple"));
    expect(bad.status).toBe(400);
    const controller = new AbortController();
    const ok = await GET(new Request("http://localhost/api/audit-logs/tail?q=", { signal: controller.signal }));
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    const stream = events(ok.body!);
    await until(() => stream.seen.some((e) => e.event === "ready"));
    controller.abort();
    await stream.cancel();
  });
});
