import "server-only";
// The audit sessions (who signed in, from where) and data-access logs (who looked at
// what) as keyset-paginated lists with the spec's filters (9.1), in the audit reach:
// everyone their own, managers also their direct reports', audit:view_all everyone's.
// Each view is itself a data-access row, written once per request by the one recorder.
import { recordDataAccess } from "@/lib/audit/write/data-access";
import { sessionRef } from "@/lib/audit/write/session-ref";
import { peopleInReach, REACH, reachLevel, type Viewer } from "@/lib/access/scope";
import { db } from "@/lib/db";
import { ServiceError } from "@/lib/errors";
import { defineCursor, keyPart, parseInOrder, type SortOrder } from "@/lib/pagination/cursor";
import { keysetPage, keysetWhere } from "@/lib/pagination/keyset";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { AccessMethod } from "@/lib/generated/prisma/enums";
import type { ServiceContext } from "@/lib/service-context";
import { startOfPktDay } from "@/lib/time";
import type { DataAccessQuery, SessionsQuery } from "./schemas";


/**
 * The people whose rows the viewer may see in their audit reach: everyone (`"all"`),
 * these ids (own; own and direct reports'), or null when none.
 */
async function idsInReach(viewer: Viewer): Promise<"all" | string[] | null> {
  const level = reachLevel(viewer, REACH.audit);
  if (!level) return null;
  if (level === "all") return "all";
  if (level === "own") return [viewer.id];
  const people = await db.user.findMany({ where: peopleInReach(viewer, REACH.audit)!, select: { id: true } });
  return people.map((p) => p.id);
}

/** A person column's condition: within reach, narrowed to `id` when one is asked for (outside reach it matches nothing). */
function personIn(reach: "all" | string[], id: string | undefined): string | { in: string[] } | undefined {
  if (id) return reach === "all" || reach.includes(id) ? id : { in: [] };
  return reach === "all" ? undefined : { in: reach };
}

const DAY_MS = 86_400_000;

/** [from, to) of PKT calendar days, both inclusive, as instants. */
function dayRange(from: string | undefined, to: string | undefined): { gte?: Date; lt?: Date } | undefined {
  if (!from && !to) return undefined;
  return { ...(from ? { gte: startOfPktDay(from) } : {}), ...(to ? { lt: new Date(startOfPktDay(to).getTime() + DAY_MS) } : {}) };
}

/** The filters asked for, as the data-access row records them (no cursor internals). */
function criteria(filters: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined && v !== ""));
}

// Each list's cursor: the last row's (time, id) and the order it was read in.
const ORDERED_KEY = { at: keyPart.time, id: keyPart.id, order: keyPart.order };
const sessionsCursor = defineCursor("audit-sessions", ORDERED_KEY);
const dataAccessCursor = defineCursor("data-access-logs", ORDERED_KEY);
type OrderedCursor = typeof sessionsCursor;

function keyset(codec: OrderedCursor, cursor: string | undefined, order: "newest" | "oldest") {
  const dir: SortOrder = order === "oldest" ? "asc" : "desc";
  return { dir, after: parseInOrder(codec, cursor, dir) };
}

/** Current names for the page's people; the row's snapshot when the account is gone. */
async function namesOf(ids: Array<string | null>): Promise<Map<string, string>> {
  const unique = [...new Set(ids.filter((id): id is string => !!id))];
  if (unique.length === 0) return new Map();
  const users = await db.user.findMany({ where: { id: { in: unique } }, select: { id: true, name: true } });
  return new Map(users.map((u) => [u.id, u.name]));
}

function finish<T extends { id: string }>(codec: OrderedCursor, rows: T[], take: number, at: (r: T) => Date, dir: SortOrder) {
  const { rows: page, next } = keysetPage(rows, take, (last) => codec.encode({ at: at(last), id: last.id, order: dir }));
  return { page, nextCursor: next };
}

/**
 * Sign-in sessions in the viewer's reach, newest first, with the spec's filters. The
 * read is itself logged as data access, by the channel that served it (`api`, or `ui`
 * for the sessions workspace).
 */
export async function listAuditSessions({ actor, request, cursor, limit, order, accessMethod = "api", ...filters }: ServiceContext & SessionsQuery & { accessMethod?: AccessMethod }) {
  const reach = await idsInReach(actor);
  if (!reach) throw new ServiceError("You are not allowed to see sign-in sessions.", "forbidden");
  const scope: Prisma.AuditSessionWhereInput = { userId: personIn(reach, filters.user_id) };
  const { dir, after } = keyset(sessionsCursor, cursor, order);
  const text = filters.q ? { contains: filters.q, mode: "insensitive" as const } : undefined;
  const where: Prisma.AuditSessionWhereInput[] = [
    scope,
    filters.login_date ? { loginTime: dayRange(filters.login_date, filters.login_date) } : {},
    filters.status ? { loginStatus: filters.status } : {},
    filters.method ? { authenticationMethod: filters.method } : {},
    filters.suspicious ? { isSuspicious: filters.suspicious === "true" } : {},
    text ? { OR: [{ userName: text }, { userEmail: text }, { ipAddress: text }] } : {},
  ];
  const rows = await db.auditSession.findMany({
    where: { AND: [...where, keysetWhere(dir, after && { loginTime: after.at, id: after.id })] },
    orderBy: [{ loginTime: dir }, { id: dir }],
    take: limit + 1,
  });
  const { page, nextCursor } = finish(sessionsCursor, rows, limit, (r) => r.loginTime, dir);
  const names = await namesOf(page.flatMap((r) => [r.userId, r.terminatedBy]));
  const data = page.map((s) => ({
    id: s.id,
    // The session id is a live credential; its reference links it to audit and data-access rows.
    sessionRef: sessionRef(s.sessionId),
    user: { id: s.userId, name: (s.userId && names.get(s.userId)) || s.userName, email: s.userEmail },
    loginTime: s.loginTime.toISOString(),
    logoutTime: s.logoutTime?.toISOString() ?? null,
    lastActivityTime: s.lastActivityTime.toISOString(),
    durationSeconds: s.sessionDurationSeconds,
    ip: s.ipAddress,
    userAgent: s.userAgent,
    device: s.deviceType,
    browser: s.browserInfo,
    location: s.location,
    authenticationMethod: s.authenticationMethod,
    mfaVerified: s.mfaVerified,
    loginStatus: s.loginStatus,
    pageViews: s.pageViews,
    apiCalls: s.apiCalls,
    dataAccessCount: s.dataAccessCount,
    dataModificationCount: s.dataModificationCount,
    suspicious: s.isSuspicious,
    riskScore: s.riskScore,
    securityFlags: s.securityFlags,
    terminationReason: s.terminationReason,
    terminatedBy: s.terminatedBy ? { id: s.terminatedBy, name: names.get(s.terminatedBy) ?? "a former user" } : null,
  }));
  await recordDataAccess({
    actor, request, accessType: "view", accessMethod, dataCategory: "system_data", dataType: "audit_session",
    recordCount: data.length, sensitivity: "restricted", purpose: "Audit sessions",
    searchCriteria: { order, limit, ...(cursor ? { cursor } : {}), ...criteria(filters) },
  });
  return { data, nextCursor };
}

/**
 * Data-access records in the viewer's reach: reads BY people in reach, and reads OF the
 * data of people in reach ("who looked at my record?"), as the audit log's actor-or-
 * subject scope. `user_id` narrows to one reader, `subject_id` to one person's data.
 */
export async function listDataAccessLogs({ actor, request, cursor, limit, order, accessMethod = "api", ...filters }: ServiceContext & DataAccessQuery & { accessMethod?: AccessMethod }) {
  const reach = await idsInReach(actor);
  if (!reach) throw new ServiceError("You are not allowed to see data-access logs.", "forbidden");
  // Unfiltered: read by someone in reach, or of the data of someone in reach. A filter
  // on either side (reader, whose data) narrows that side, within reach.
  const scope: Prisma.DataAccessLogWhereInput =
    filters.user_id || filters.subject_id
      ? { ...(filters.user_id ? { userId: personIn(reach, filters.user_id) } : {}), ...(filters.subject_id ? { subjectUserId: personIn(reach, filters.subject_id) } : {}) }
      : reach === "all"
        ? {}
        : { OR: [{ userId: { in: reach } }, { subjectUserId: { in: reach } }] };
  const { dir, after } = keyset(dataAccessCursor, cursor, order);
  const when = dayRange(filters.date_from, filters.date_to);
  const where: Prisma.DataAccessLogWhereInput[] = [
    scope,
    when ? { accessTimestamp: when } : {},
    filters.data_category ? { dataCategory: filters.data_category } : {},
    filters.access_type ? { accessType: filters.access_type } : {},
    filters.access_status ? { accessStatus: filters.access_status } : {},
  ];
  const rows = await db.dataAccessLog.findMany({
    where: { AND: [...where, keysetWhere(dir, after && { accessTimestamp: after.at, id: after.id })] },
    orderBy: [{ accessTimestamp: dir }, { id: dir }],
    take: limit + 1,
  });
  const { page, nextCursor } = finish(dataAccessCursor, rows, limit, (r) => r.accessTimestamp, dir);
  const names = await namesOf(page.flatMap((r) => [r.userId, r.subjectUserId]));
  const data = page.map((r) => ({
    id: r.id,
    at: r.accessTimestamp.toISOString(),
    user: { id: r.userId, name: (r.userId && names.get(r.userId)) || r.userName, role: r.userRole },
    subject: r.subjectUserId ? { id: r.subjectUserId, name: names.get(r.subjectUserId) || r.subjectName } : null,
    accessType: r.accessType,
    accessMethod: r.accessMethod,
    dataCategory: r.dataCategory,
    dataType: r.dataType,
    dataFields: r.dataFields,
    recordCount: r.recordCount,
    purpose: r.accessPurpose,
    searchCriteria: r.searchCriteria,
    sensitivity: r.sensitivityLevel,
    pii: r.isPiiData,
    phi: r.isPhiData,
    status: r.accessStatus,
    denialReason: r.denialReason,
    ip: r.ipAddress,
    userAgent: r.userAgent,
    sessionRef: r.sessionId,
    auditLogId: r.auditLogId,
  }));
  // Recorded after the read, so this view is not among the rows it returns.
  await recordDataAccess({
    actor, request, accessType: "view", accessMethod, dataCategory: "system_data", dataType: "data_access_log",
    recordCount: data.length, sensitivity: "restricted", purpose: "Data-access logs",
    searchCriteria: { order, limit, ...(cursor ? { cursor } : {}), ...criteria(filters) },
  });
  return { data, nextCursor };
}

/** The people the viewer may pick in the workspaces' person filters: their audit reach, by name. */
export async function peopleInAuditReach(viewer: Viewer): Promise<Array<{ id: string; name: string }>> {
  const where = peopleInReach(viewer, REACH.audit);
  if (!where) return [];
  return db.user.findMany({ where, select: { id: true, name: true }, orderBy: [{ name: "asc" }, { id: "asc" }], take: 1000 });
}
