import "server-only";
// The audit sessions (who signed in, from where) and data-access logs (who looked at
// what) as keyset-paginated lists: everyone sees their own, audit:view_all sees all.
// Each view is itself a data-access row, written once per request by the one recorder.
import { recordDataAccess } from "@/lib/audit/write/data-access";
import { sessionRef } from "@/lib/audit/write/session-ref";
import { reachLevel, type Reach, type Viewer } from "@/lib/access/scope";
import { db } from "@/lib/db";
import { ServiceError } from "@/lib/errors";
import { defineCursor, keyPart, parseInOrder, type SortOrder } from "@/lib/pagination/cursor";
import { keysetPage, keysetWhere } from "@/lib/pagination/keyset";
import type { ServiceContext } from "@/lib/service-context";

/** Sessions and data-access rows: a person's own, or everyone's for auditors and admins. */
const ACTIVITY_REACH = { all: "audit:view_all", own: "activity:self" } as const satisfies Reach;

type PageOptions = ServiceContext & { cursor?: string; limit: number; order: "newest" | "oldest" };

/** `userId` condition for the viewer's reach; null when they may see none. */
function ownerWhere(viewer: Viewer): { userId?: string } | null {
  const level = reachLevel(viewer, ACTIVITY_REACH);
  if (level === "all") return {};
  if (level === "own") return { userId: viewer.id };
  return null;
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

export async function listAuditSessions({ actor, request, cursor, limit, order }: PageOptions) {
  const scope = ownerWhere(actor);
  if (!scope) throw new ServiceError("You are not allowed to see sign-in sessions.", "forbidden");
  const { dir, after } = keyset(sessionsCursor, cursor, order);
  const rows = await db.auditSession.findMany({
    where: { AND: [scope, keysetWhere(dir, after && { loginTime: after.at, id: after.id })] },
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
    actor, request, accessType: "view", accessMethod: "api", dataCategory: "system_data", dataType: "audit_session",
    recordCount: data.length, sensitivity: "restricted", purpose: "Audit sessions",
    searchCriteria: { order, limit, ...(cursor ? { cursor } : {}) },
  });
  return { data, nextCursor };
}

export async function listDataAccessLogs({ actor, request, cursor, limit, order }: PageOptions) {
  const scope = ownerWhere(actor);
  if (!scope) throw new ServiceError("You are not allowed to see data-access logs.", "forbidden");
  const { dir, after } = keyset(dataAccessCursor, cursor, order);
  const rows = await db.dataAccessLog.findMany({
    where: { AND: [scope, keysetWhere(dir, after && { accessTimestamp: after.at, id: after.id })] },
    orderBy: [{ accessTimestamp: dir }, { id: dir }],
    take: limit + 1,
  });
  const { page, nextCursor } = finish(dataAccessCursor, rows, limit, (r) => r.accessTimestamp, dir);
  const names = await namesOf(page.map((r) => r.userId));
  const data = page.map((r) => ({
    id: r.id,
    at: r.accessTimestamp.toISOString(),
    user: { id: r.userId, name: (r.userId && names.get(r.userId)) || r.userName, role: r.userRole },
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
    actor, request, accessType: "view", accessMethod: "api", dataCategory: "system_data", dataType: "data_access_log",
    recordCount: data.length, sensitivity: "restricted", purpose: "Data-access logs",
    searchCriteria: { order, limit, ...(cursor ? { cursor } : {}) },
  });
  return { data, nextCursor };
}
