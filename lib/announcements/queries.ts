import "server-only";
import { recordDataAccess } from "@/lib/audit/write/data-access";
import type { RequestContext } from "@/lib/service-context";
import { can, ROLE_LABELS } from "@/lib/access/permissions";
import type { Viewer } from "@/lib/access/scope";
import { db } from "@/lib/db";
import { ServiceError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { defineCursor, keyPart } from "@/lib/pagination/cursor";
import { keysetPage, keysetWhere } from "@/lib/pagination/keyset";
import type { AudienceRule } from "./audience";
import { audienceCounts, audienceMemberIds, audienceRuleOf, shownToIds } from "./audience-store";
import { AUDIENCE_LABELS, type AudienceValue, type ManageFilter } from "./schemas";
import { statusOf, statusWhere } from "./window";

export const FEED_PAGE_SIZE = 20;
export const MANAGE_PAGE_SIZE = 25;

/**
 * What a person sees (spec 000, issue 23): a live announcement whose audience includes
 * them, as the `where` of every read: the ids the one SQL rule answers
 * (audience-store.ts shownToSql, which the receipt statements use too).
 */
async function visibleToViewer(viewer: Viewer, now: Date): Promise<Prisma.AnnouncementWhereInput> {
  return { id: { in: await shownToIds(viewer.id, now) } };
}

function requireManage(viewer: Viewer) {
  if (!can(viewer.role, "announcements:manage")) throw new ServiceError("Only Admins and HR Operations manage announcements.", "forbidden");
}

const ROW_SELECT = {
  id: true,
  title: true,
  body: true,
  audience: true,
  audienceSummary: true,
  startDate: true,
  endDate: true,
  isActive: true,
  pinned: true,
  requiresAck: true,
  sendEmail: true,
  ackBy: true,
  escalateUnacknowledged: true,
  lastRemindedAt: true,
  createdByName: true,
  createdAt: true,
  updatedAt: true,
  broadcastAt: true,
  createdBy: { select: { name: true } },
} satisfies Prisma.AnnouncementSelect;

type Selected = Prisma.AnnouncementGetPayload<{ select: typeof ROW_SELECT }>;
type Receipt = { deliveredAt: Date; readAt: Date | null; acknowledgedAt: Date | null } | null;

export type AnnouncementView = {
  id: string;
  title: string;
  body: string;
  audience: AudienceValue;
  audienceLabel: string;
  startDate: Date;
  endDate: Date;
  isActive: boolean;
  pinned: boolean;
  requiresAck: boolean;
  sendEmail: boolean;
  ackBy: Date | null;
  escalateUnacknowledged: boolean;
  lastRemindedAt: Date | null;
  /** The author's current name, or the name stored at creation once the account is gone. */
  authorName: string;
  createdAt: Date;
  updatedAt: Date;
  status: ReturnType<typeof statusOf>;
  readAt: Date | null;
  acknowledgedAt: Date | null;
};

function toView(a: Selected, receipt: Receipt, now: Date): AnnouncementView {
  return {
    id: a.id,
    title: a.title,
    body: a.body,
    audience: a.audience,
    audienceLabel: a.audienceSummary || (AUDIENCE_LABELS[a.audience] ?? a.audience),
    startDate: a.startDate,
    endDate: a.endDate,
    isActive: a.isActive,
    pinned: a.pinned,
    requiresAck: a.requiresAck,
    sendEmail: a.sendEmail,
    ackBy: a.ackBy,
    escalateUnacknowledged: a.escalateUnacknowledged,
    lastRemindedAt: a.lastRemindedAt,
    authorName: a.createdBy?.name ?? a.createdByName ?? "Former user",
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
    status: statusOf(a, now),
    readAt: receipt?.readAt ?? null,
    acknowledgedAt: receipt?.acknowledgedAt ?? null,
  };
}

function receiptsOf(viewer: Viewer) {
  return { where: { userId: viewer.id }, select: { deliveredAt: true, readAt: true, acknowledgedAt: true }, take: 1 } as const;
}

// The feed's cursor: the last row's (pinned, start, id), the feed's sort key.
const feedCursor = defineCursor("announcements", { pinned: keyPart.flag, start: keyPart.time, id: keyPart.id });
// The authors' list is newest first by id alone (UUIDv7s sort by creation).
const manageCursor = defineCursor("announcements-manage", { id: keyPart.id });

const FEED_ORDER: Prisma.AnnouncementOrderByWithRelationInput[] = [{ pinned: "desc" }, { startDate: "desc" }, { id: "desc" }];

type FeedOptions = { viewer: Viewer; cursor?: string; now?: Date; pageSize?: number };

/** The viewer's feed: pinned first, then newest; keyset-paginated. */
export async function listFeed({ viewer, cursor, now = new Date(), pageSize = FEED_PAGE_SIZE }: FeedOptions) {
  const after = feedCursor.parse(cursor);
  const rows = await db.announcement.findMany({
    where: { AND: [await visibleToViewer(viewer, now), keysetWhere("desc", after && { pinned: after.pinned, startDate: after.start, id: after.id })] },
    orderBy: FEED_ORDER,
    take: pageSize + 1,
    select: { ...ROW_SELECT, reads: receiptsOf(viewer) },
  });
  const page = keysetPage(rows, pageSize, (last) => feedCursor.encode({ pinned: last.pinned, start: last.startDate, id: last.id }));
  return { rows: page.rows.map((a) => toView(a, a.reads[0] ?? null, now)), nextCursor: page.next };
}

/**
 * The viewer's active announcements, pinned first then newest (for the home page's
 * summary). Viewer-scoped like the feed.
 */
export async function listActiveAnnouncementsForViewer({ viewer, now = new Date(), limit = 5 }: { viewer: Viewer; now?: Date; limit?: number }) {
  const { rows } = await listFeed({ viewer, now, pageSize: limit });
  return rows;
}

/** Announcements the viewer has not opened yet (the navigation badge). */
export async function countUnreadForViewer(viewer: Viewer, now = new Date()): Promise<number> {
  return db.announcement.count({ where: { AND: [await visibleToViewer(viewer, now), { reads: { none: { userId: viewer.id, readAt: { not: null } } } }] } });
}

/**
 * One announcement: a person sees it while it is shown to them; authors see any (to
 * preview, edit and follow up). Anything else is not found.
 */
export async function getAnnouncement({ viewer, id, now = new Date() }: { viewer: Viewer; id: string; now?: Date }) {
  const manage = can(viewer.role, "announcements:manage");
  const shown = await shownToIds(viewer.id, now);
  const a = await db.announcement.findFirst({
    where: manage ? { id } : { AND: [{ id }, { id: { in: shown } }] },
    select: { ...ROW_SELECT, reads: receiptsOf(viewer) },
  });
  if (!a) throw new ServiceError("That announcement was not found, or it is not shown to you.", "not_found");
  const targeted = shown.includes(a.id);
  return { ...toView(a, a.reads[0] ?? null, now), targeted, canManage: manage };
}

type ManageOptions = { viewer: Viewer; filter: ManageFilter; now?: Date; pageSize?: number };

/** Every announcement, newest first, with its status and reach in numbers (authors only). */
export async function listForAuthors({ viewer, filter, now = new Date(), pageSize = MANAGE_PAGE_SIZE }: ManageOptions) {
  requireManage(viewer);
  const after = manageCursor.parse(filter.cursor);
  const rows = await db.announcement.findMany({
    where: {
      AND: [filter.status ? statusWhere(filter.status, now) : {}, filter.audience ? { audience: filter.audience } : {}, keysetWhere("desc", after && { id: after.id })],
    },
    orderBy: { id: "desc" },
    take: pageSize + 1,
    select: {
      ...ROW_SELECT,
      _count: { select: { reads: true } },
    },
  });
  const { rows: page, next } = keysetPage(rows, pageSize, (last) => manageCursor.encode({ id: last.id }));
  const ids = page.map((a) => a.id);
  const counts = ids.length
    ? await db.$queryRaw<Array<{ id: string; read: number; acknowledged: number }>>`
        SELECT announcement_id AS id, count(read_at)::int AS read, count(acknowledged_at)::int AS acknowledged
          FROM announcement_reads WHERE announcement_id = ANY(${ids}::uuid[]) GROUP BY announcement_id`
    : [];
  const byId = new Map(counts.map((c) => [c.id, c]));
  const [targeted, emailed] = await Promise.all([
    audienceCounts(ids),
    ids.length
      ? db.announcementEmail.groupBy({ by: ["announcementId"], where: { announcementId: { in: ids }, sentAt: { not: null } }, _count: { _all: true } })
      : [],
  ]);
  const emailedById = new Map(emailed.map((e) => [e.announcementId, e._count._all]));
  return {
    rows: page.map((a) => ({
      ...toView(a, null, now),
      reach: {
        targeted: targeted.get(a.id) ?? 0,
        emailed: emailedById.get(a.id) ?? 0,
        delivered: a._count.reads,
        read: byId.get(a.id)?.read ?? 0,
        acknowledged: byId.get(a.id)?.acknowledged ?? 0,
      },
    })),
    nextCursor: next,
  };
}

export type ReachPerson = {
  id: string;
  name: string;
  email: string;
  roleLabel: string;
  departmentName: string;
  /** When the email reached the mail server (null: not emailed, or not yet sent). */
  emailedAt: Date | null;
  deliveredAt: Date | null;
  readAt: Date | null;
  acknowledgedAt: Date | null;
};

type ReachOptions = { viewer: Viewer & { name: string }; id: string; request: RequestContext; accessMethod?: "ui" | "api" | "export" };

/**
 * Who an announcement targets (active people in its audience now) and how far it got
 * with each: delivered, read, acknowledged. Authors only. Names of people are personal
 * data, so the read is recorded in the data-access log.
 */
export async function getReach({ viewer, id, request, accessMethod = "ui" }: ReachOptions) {
  requireManage(viewer);
  const a = await db.announcement.findUnique({ where: { id }, select: ROW_SELECT });
  if (!a) throw new ServiceError("That announcement was not found.", "not_found");
  const members = await audienceMemberIds(db, id);
  const people = await db.user.findMany({
    where: { id: { in: members } },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    select: {
      id: true,
      name: true,
      email: true,
      role: true,
      department: { select: { name: true } },
      announcementReads: { where: { announcementId: id }, select: { deliveredAt: true, readAt: true, acknowledgedAt: true } },
      announcementEmails: { where: { announcementId: id }, select: { sentAt: true } },
    },
  });
  const rows: ReachPerson[] = people.map((p) => {
    const r = p.announcementReads[0];
    return {
      id: p.id,
      name: p.name,
      email: p.email,
      roleLabel: ROLE_LABELS[p.role],
      departmentName: p.department?.name ?? "",
      emailedAt: p.announcementEmails[0]?.sentAt ?? null,
      deliveredAt: r?.deliveredAt ?? null,
      readAt: r?.readAt ?? null,
      acknowledgedAt: r?.acknowledgedAt ?? null,
    };
  });
  await recordDataAccess({
    actor: viewer,
    request,
    accessType: accessMethod === "export" ? "export" : "view",
    accessMethod,
    dataCategory: "personal_info",
    dataType: "announcement_receipts",
    recordCount: rows.length,
    dataFields: accessMethod === "export" ? ["name", "email", "role", "department", "delivered_at", "read_at", "acknowledged_at"] : ["name", "role", "read_at", "acknowledged_at"],
    sensitivity: "internal",
    isPii: true,
    purpose: `Reach of announcement ${a.title}`.slice(0, 255),
    searchCriteria: { announcementId: id },
  });
  // The same counts per department and per role: where it has not landed yet.
  const breakdown = (key: (r: ReachPerson) => string) => {
    const groups = new Map<string, { name: string; targeted: number; read: number; acknowledged: number }>();
    for (const r of rows) {
      const name = key(r) || "No department";
      const g = groups.get(name) ?? { name, targeted: 0, read: 0, acknowledged: 0 };
      g.targeted++;
      if (r.readAt) g.read++;
      if (r.acknowledgedAt) g.acknowledged++;
      groups.set(name, g);
    }
    return [...groups.values()].sort((x, y) => y.targeted - x.targeted || x.name.localeCompare(y.name));
  };
  return {
    announcement: toView(a, null, new Date()),
    counts: {
      targeted: rows.length,
      emailed: rows.filter((r) => r.emailedAt).length,
      delivered: rows.filter((r) => r.deliveredAt).length,
      read: rows.filter((r) => r.readAt).length,
      acknowledged: rows.filter((r) => r.acknowledgedAt).length,
    },
    byDepartment: breakdown((r) => r.departmentName),
    byRole: breakdown((r) => r.roleLabel),
    people: rows,
  };
}

export type AudienceOptions = {
  departments: Array<{ id: string; name: string }>;
  /** People with reports (whose team an audience can name). */
  managers: Array<{ id: string; name: string; reports: number }>;
  people: Array<{ id: string; name: string; detail: string }>;
};

/** What the audience builder offers: departments, managers with their team size, active people (authors only). */
export async function getAudienceOptions(viewer: Viewer): Promise<AudienceOptions> {
  requireManage(viewer);
  const [departments, people] = await Promise.all([
    db.department.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true } }),
    db.user.findMany({
      where: { status: "active" },
      orderBy: [{ name: "asc" }, { id: "asc" }],
      select: { id: true, name: true, role: true, department: { select: { name: true } }, _count: { select: { reports: { where: { status: "active" } } } } },
    }),
  ]);
  return {
    departments,
    managers: people.filter((p) => p._count.reports > 0).map((p) => ({ id: p.id, name: p.name, reports: p._count.reports })),
    people: people.map((p) => ({ id: p.id, name: p.name, detail: [ROLE_LABELS[p.role], p.department?.name].filter(Boolean).join(", ") })),
  };
}

/** An announcement's audience rule, for its edit form (authors only). */
export async function getAnnouncementRule(viewer: Viewer, id: string): Promise<AudienceRule> {
  requireManage(viewer);
  return audienceRuleOf(db, id);
}
