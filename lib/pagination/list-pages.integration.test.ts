// Every list a page shows, read as the page reads it (readListPage over the list's query
// with the URL's cursor): the cursors each list hands out take it through every row once
// (rows that share a time are told apart by id), and a cursor it did not hand out shows
// its first page with the notice, while the query itself refuses it (InvalidCursorError).
import { beforeAll, describe, expect, it } from "vitest";
import { listMyActivity } from "@/lib/activity/queries";
import { listMyAlerts } from "@/lib/alerts/queries";
import { alertFeedQuerySchema } from "@/lib/alerts/schemas";
import { listFeed, listForAuthors } from "@/lib/announcements/queries";
import { createAnnouncement } from "@/lib/announcements/service";
import { listEditableSessions, listOwnAttendance } from "@/lib/attendance/queries";
import { searchAuditPage } from "@/lib/audit/search/page-queries";
import { db } from "@/lib/db";
import { listMyLeaveRequests } from "@/lib/leave/queries";
import { listPeople } from "@/lib/people/queries";
import { listMyProjectRequests } from "@/lib/projects/queries";
import { listEditableTimeLogs, listMyFinishedTasks, listMyTimeLogs, listTeamTasks } from "@/lib/tasks/queries";
import { createUser, pktDayFromToday, REQUEST } from "@/test/factories";
import { InvalidCursorError, timeIdCursor } from "./cursor";
import { INVALID_CURSOR_NOTICE, readListPage } from "./list-page";

type Person = Awaited<ReturnType<typeof createUser>>;
let admin: Person, manager: Person, employee: Person;

type Read = (cursor: string | undefined) => Promise<{ ids: string[]; next: string | null }>;
const page = (rows: Array<{ id: string }>, next: string | null) => ({ ids: rows.map((r) => r.id), next });

/** Each paged list of a page, as its page reads it, and how many rows it holds here. */
const LISTS: Record<string, { read: Read; rows: number }> = {
  "finished tasks": { read: async (c) => { const r = await listMyFinishedTasks(employee.user, c); return page(r.rows, r.next); }, rows: 21 },
  "team tasks": { read: async (c) => { const r = await listTeamTasks(manager.user, c); return page(r.rows, r.next); }, rows: 21 },
  "my time logs": { read: async (c) => { const r = await listMyTimeLogs(employee.user, c); return page(r.rows, r.next); }, rows: 21 },
  "others' time logs": { read: async (c) => { const r = (await listEditableTimeLogs(manager.user, c))!; return page(r.rows, r.next); }, rows: 21 },
  "my attendance": { read: async (c) => { const r = await listOwnAttendance(employee.user, c); return page(r.rows, r.nextCursor); }, rows: 21 },
  "team attendance": { read: async (c) => { const r = (await listEditableSessions({ viewer: manager.user, cursor: c }))!; return page(r.rows, r.nextCursor); }, rows: 21 },
  "my leave requests": { read: async (c) => { const r = await listMyLeaveRequests(employee.user, c); return page(r.rows, r.next); }, rows: 21 },
  "my project requests": { read: async (c) => { const r = await listMyProjectRequests(employee.user, c); return page(r.rows, r.next); }, rows: 21 },
  people: { read: async (c) => { const r = await listPeople({ viewer: admin.actor, filter: { cursor: c } }); return page(r.rows, r.nextCursor); }, rows: 28 },
  "my activity": { read: async (c) => { const r = await listMyActivity({ viewer: admin.actor, request: REQUEST, cursor: c }); return page(r.rows, r.next); }, rows: 26 },
  alerts: { read: async (c) => { const r = await listMyAlerts(employee.user, { ...alertFeedQuerySchema.parse({ status: "all" }), before: c }); return page(r.alerts, r.nextCursor); }, rows: 26 },
  announcements: { read: async (c) => { const r = await listFeed({ viewer: employee.actor, cursor: c }); return page(r.rows, r.nextCursor); }, rows: 26 },
  "manage announcements": { read: async (c) => { const r = await listForAuthors({ viewer: admin.actor, filter: { cursor: c } }); return page(r.rows, r.nextCursor); }, rows: 26 },
};

/** Times three by three alike, so pages break inside a run of equal times. */
const BASE = Date.parse("2026-03-02T09:00:00.000Z");
const at = (i: number) => new Date(BASE - Math.floor(i / 3) * 60_000);

beforeAll(async () => {
  admin = await createUser({ role: "admin", name: "Aamir Admin" });
  manager = await createUser({ role: "manager", name: "Maya Manager" });
  employee = await createUser({ name: "Esha Employee", managerId: manager.user.id });
  for (let i = 0; i < 25; i++) await createUser({ name: `Person ${String(i).padStart(2, "0")}` });
  const n = Array.from({ length: 21 }, (_, i) => i);
  await db.task.createMany({
    data: n.map((i) => ({ title: `Task ${i}`, assigneeId: employee.user.id, createdById: manager.user.id, dueDate: at(i), status: "COMPLETED" as const, completedAt: at(i), createdAt: at(i) })),
  });
  await db.timeLog.createMany({ data: n.map((i) => ({ userId: employee.user.id, startedAt: at(i), endedAt: new Date(at(i).getTime() + 30_000) })) });
  await db.attendanceSession.createMany({ data: n.map((i) => ({ userId: employee.user.id, checkInAt: at(i), checkOutAt: new Date(at(i).getTime() + 30_000) })) });
  await db.leaveRequest.createMany({
    data: n.map((i) => ({ requesterId: employee.user.id, type: "casual" as const, startDate: new Date(Date.UTC(2027, 0, 1 + i)), endDate: new Date(Date.UTC(2027, 0, 1 + i)), reason: `Day ${i}`, createdAt: at(i) })),
  });
  await db.projectRequest.createMany({ data: n.map((i) => ({ requesterId: employee.user.id, title: `Project ${i}`, description: "A proposal.", createdAt: at(i) })) });
  await db.alert.createMany({
    data: Array.from({ length: 26 }, (_, i) => ({
      type: "overdue_task" as const, severity: "low" as const, recipientUserId: employee.user.id, subjectLabel: "Esha Employee", entityType: "task",
      entityId: `task-${i}`, entityLabel: `Task ${i}`, message: `Task ${i} is overdue.`, dedupeKey: `list-pages-${i}`, createdAt: at(i),
    })),
  });
  // Each announcement is also an audit entry by the admin: their activity.
  for (let i = 0; i < 26; i++) {
    await createAnnouncement({ ...admin.ctx, title: `Notice ${i}`, body: "Read me.", audience: "all", startDate: pktDayFromToday(-1), endDate: pktDayFromToday(1), pinned: i % 4 === 0 });
  }
});

describe("list pages", () => {
  it("go through every row once by the cursors each list hands out", async () => {
    for (const [name, list] of Object.entries(LISTS)) {
      const ids: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const shown = await readListPage(cursor, list.read);
        expect(shown.notice, name).toBeNull();
        ids.push(...shown.list.ids);
        cursor = shown.list.next ?? undefined;
        pages++;
      } while (cursor && pages < 10);
      expect({ name, pages, rows: ids.length, unique: new Set(ids).size }).toEqual({ name, pages: 2, rows: list.rows, unique: list.rows });
    }
  });

  it("show the first page with a notice for a cursor the list did not hand out, which its query refuses", async () => {
    const alien = timeIdCursor("some-other-list").encode({ at: at(3), id: employee.user.id });
    // The formats the lists used before the one codec: a shared link from then says so too.
    const legacy = [`${at(3).toISOString()}_${employee.user.id}`, Buffer.from(JSON.stringify([1, at(3).toISOString(), employee.user.id])).toString("base64url"), employee.user.id];
    for (const [name, list] of Object.entries(LISTS)) {
      const first = await list.read(undefined);
      const own = first.next!;
      for (const bad of ["garbage", alien, ...legacy, own.slice(1), "A".repeat(3000)]) {
        await expect(list.read(bad), `${name}: ${bad}`).rejects.toBeInstanceOf(InvalidCursorError);
        expect(await readListPage(bad, list.read), `${name}: ${bad}`).toEqual({ list: first, cursor: undefined, notice: INVALID_CURSOR_NOTICE });
      }
    }
  });

  it("the audit search page does the same", async () => {
    const view = await searchAuditPage({ viewer: admin.actor, request: REQUEST, params: { cursor: "garbage" }, limit: 5 });
    const first = await searchAuditPage({ viewer: admin.actor, request: REQUEST, params: {}, limit: 5 });
    expect(view.notice).toBe(INVALID_CURSOR_NOTICE);
    expect(view.rows.map((r) => r.id)).toEqual(first.rows.map((r) => r.id));
    expect(first.notice).toBeNull();
  });
});
