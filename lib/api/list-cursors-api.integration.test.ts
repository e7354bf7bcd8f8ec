// Every list endpoint of the API pages with the one cursor codec (lib/pagination): the
// cursors it hands out take it through every row once, and a cursor it did not hand out
// (garbage, another list's, another version, cut short, too long) is 400 with the one
// error body, never a 500 and never a silent first page. Route handlers are called with
// a Request; only the session lookup is replaced by the person under test.
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { CurrentUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { createAnnouncement } from "@/lib/announcements/service";
import { MAX_CURSOR_LENGTH } from "@/lib/pagination/cursor";
import { createUser, pktDayFromToday } from "@/test/factories";
import { GET as alertsRoute } from "@/app/api/alerts/route";
import { GET as announcementsRoute } from "@/app/api/announcements/route";
import { GET as auditAlertsRoute } from "@/app/api/audit-alerts/route";
import { GET as auditListRoute } from "@/app/api/audit-logs/route";
import { GET as auditSearchRoute } from "@/app/api/audit-logs/search/route";
import { GET as sessionsRoute } from "@/app/api/audit-sessions/route";
import { GET as dataAccessRoute } from "@/app/api/data-access-logs/route";

const session = vi.hoisted(() => ({ user: null as CurrentUser | null }));
vi.mock("@/lib/auth/session", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/auth/session")>()),
  getCurrentUser: async () => session.user,
}));

type Route = (r: Request) => Promise<Response>;
type Page = { nextCursor: string | null; data?: Array<{ id: string }>; alerts?: Array<{ id: string }>; results?: Array<{ id: string }> };

/** Each list endpoint: its first page (small, so there is a next one) and its cursor parameter. */
const LISTS: Array<{ name: string; route: Route; path: string; param: string }> = [
  { name: "alerts", route: alertsRoute, path: "/api/alerts?status=all&limit=2", param: "before" },
  { name: "announcements feed", route: announcementsRoute, path: "/api/announcements", param: "cursor" },
  { name: "announcements, all", route: announcementsRoute, path: "/api/announcements?view=all", param: "cursor" },
  { name: "audit log", route: auditListRoute, path: "/api/audit-logs?limit=2", param: "cursor" },
  { name: "audit search", route: auditSearchRoute, path: "/api/audit-logs/search?q=&limit=2", param: "cursor" },
  { name: "audit sessions", route: sessionsRoute, path: "/api/audit-sessions?limit=1", param: "cursor" },
  { name: "data-access logs", route: dataAccessRoute, path: "/api/data-access-logs?limit=1", param: "cursor" },
  { name: "anomaly alerts", route: auditAlertsRoute, path: "/api/audit-alerts?limit=2", param: "cursor" },
];

async function get(route: Route, path: string) {
  const res = await route(new Request(`http://localhost${path}`, { headers: { "user-agent": "vitest" } }));
  return { status: res.status, body: (await res.json()) as Page & { error?: unknown }, headers: res.headers };
}

const withCursor = (list: (typeof LISTS)[number], cursor: string) => `${list.path}${list.path.includes("?") ? "&" : "?"}${list.param}=${encodeURIComponent(cursor)}`;
const rowsOf = (page: Page) => (page.data ?? page.alerts ?? page.results ?? []).map((r) => r.id);

/** Every row of a list, following the cursors it hands out. */
async function everyRow(list: (typeof LISTS)[number]): Promise<string[]> {
  const ids: string[] = [];
  let path = list.path;
  for (let pages = 0; pages < 50; pages++) {
    const r = await get(list.route, path);
    expect(r.status, `${list.name}: ${JSON.stringify(r.body)}`).toBe(200);
    ids.push(...rowsOf(r.body));
    if (!r.body.nextCursor) return ids;
    path = withCursor(list, r.body.nextCursor);
  }
  throw new Error(`${list.name} did not end`);
}

/** The JSON inside a cursor, changed by `edit`, written back (what a person editing a link could do). */
function edited(cursor: string, edit: (json: Record<string, unknown>) => void): string {
  const json = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as Record<string, unknown>;
  edit(json);
  return Buffer.from(JSON.stringify(json)).toString("base64url");
}

let admin: Awaited<ReturnType<typeof createUser>>;

beforeAll(async () => {
  admin = await createUser({ role: "admin", name: "Cursor Admin" });
  session.user = { ...admin.actor, title: null, managerId: null, sessionId: `session-${admin.user.id}` };
  // More rows than a page of each list: 26 live announcements (some pinned, which the
  // feed sorts first), each with its audit entry; alerts and sign-in sessions.
  for (let i = 0; i < 26; i++) {
    await createAnnouncement({ ...admin.ctx, title: `Notice ${i}`, body: "Read me.", audience: "all", startDate: pktDayFromToday(-1), endDate: pktDayFromToday(1), pinned: i % 5 === 0 });
  }
  await db.alert.createMany({
    data: [0, 1, 2].map((i) => ({
      type: "overdue_task" as const, severity: "medium" as const, recipientUserId: admin.user.id, subjectLabel: "Someone", entityType: "task",
      entityId: `task-${i}`, entityLabel: `Task ${i}`, message: `Task ${i} is overdue.`, dedupeKey: `cursor-test-${i}`,
    })),
  });
  await db.auditAlert.createMany({
    data: [0, 1, 2].map((i) => ({ alertType: "large_export", alertMessage: `Export ${i} was large.`, alertSeverity: "critical" as const, dedupeKey: `cursor-test-${i}` })),
  });
  for (let i = 0; i < 3; i++) {
    await db.auditSession.create({ data: { sessionId: `cursor-test-${i}`, userId: admin.user.id, userName: admin.user.name, userEmail: admin.user.email, loginStatus: "success" } });
  }
  // Two reads, so the data-access log has two pages of one.
  await get(dataAccessRoute, "/api/data-access-logs");
  await get(dataAccessRoute, "/api/data-access-logs");
});

describe("list endpoints and their cursors", () => {
  it("take a reader through every row once with the cursors they hand out", async () => {
    const counts: Record<string, number> = {};
    for (const list of LISTS) {
      const ids = await everyRow(list);
      expect(new Set(ids).size, list.name).toBe(ids.length);
      counts[list.name] = ids.length;
    }
    expect(counts).toMatchObject({ alerts: 3, "announcements feed": 26, "announcements, all": 26, "audit sessions": 3, "anomaly alerts": 3 });
    expect(counts["audit log"]).toBe(counts["audit search"]);
    expect(counts["audit log"]).toBeGreaterThanOrEqual(26);
    expect(counts["data-access logs"]).toBeGreaterThanOrEqual(2);
    // The feed: pinned first, then newest, across the page break.
    const feed = await everyRow(LISTS[1]!);
    const rows = await db.announcement.findMany({ where: { id: { in: feed } }, select: { id: true, pinned: true } });
    const pinned = new Set(rows.filter((r) => r.pinned).map((r) => r.id));
    expect(feed.slice(0, pinned.size).every((id) => pinned.has(id))).toBe(true);
  });

  it("answer a cursor they did not hand out with 400 and the error body", async () => {
    const cursors = new Map<string, string>();
    for (const list of LISTS) {
      const first = await get(list.route, list.path);
      expect(first.body.nextCursor, list.name).toEqual(expect.any(String));
      cursors.set(list.name, first.body.nextCursor!);
    }
    for (const list of LISTS) {
      const own = cursors.get(list.name)!;
      // Another list's cursor, though of the same (time, id) shape: each list names itself
      // in its cursors. (The audit log and its search are one list.)
      const other = cursors.get(list.name === "alerts" ? "audit sessions" : "alerts")!;
      const bad = {
        garbage: "garbage",
        "not base64url": "%%%",
        "another list's": other,
        "another version": edited(own, (json) => (json.v = 2)),
        // No 30 February (the authors' list keys on the id alone: its id is made a non-uuid).
        "a bad key value": edited(own, (json) => (json.k = (json.k as unknown[]).map((v) => (typeof v !== "string" ? v : /Z$/.test(v) ? "2026-02-30T00:00:00.000Z" : /^[0-9a-f-]{36}$/.test(v) ? `${v}0` : v)))),
        "an extra value": edited(own, (json) => (json.k as unknown[]).push("x")),
        "cut short": own.slice(0, -4),
        "too long": "A".repeat(MAX_CURSOR_LENGTH + 1),
      };
      for (const [what, cursor] of Object.entries(bad)) {
        const r = await get(list.route, withCursor(list, cursor));
        expect({ list: list.name, what, status: r.status, body: r.body }).toEqual({
          list: list.name,
          what,
          status: 400,
          body: { error: { code: "invalid_input", message: expect.stringMatching(/page link is not valid/) } },
        });
        expect(r.headers.get("Cache-Control")).toBe("no-store");
      }
    }
  });

  it("refuse an audit cursor from the other sort order", async () => {
    for (const list of LISTS.filter((l) => ["audit log", "audit search", "audit sessions", "data-access logs"].includes(l.name))) {
      const first = await get(list.route, list.path);
      const r = await get(list.route, `${withCursor(list, first.body.nextCursor!)}&order=oldest`);
      expect({ list: list.name, status: r.status, code: (r.body.error as { code: string }).code }).toEqual({ list: list.name, status: 400, code: "invalid_input" });
    }
  });
});
