import "server-only";
import { deciderNames } from "@/lib/audit/search/decider-names";
import type { Prisma } from "@/lib/generated/prisma/client";
import { timeIdCursor } from "@/lib/pagination/cursor";
import { keysetPage, keysetWhere } from "@/lib/pagination/keyset";

// What leave requests and project requests share: how the requester is labelled, how
// "my requests" pages, and who decided.

export const PAGE = 20;
export const TO_DECIDE_LIMIT = 50;
export const RECENT_DECISIONS = 10;

export const requesterSelect = {
  select: { name: true, title: true, department: { select: { name: true } } },
} satisfies Prisma.UserDefaultArgs;

type Requester = { name: string; title: string | null; department: { name: string } | null };

/** The requester as the pages label them. */
export function requesterLabels(requester: Requester) {
  return { requesterName: requester.name, requesterTitle: requester.title, departmentName: requester.department?.name ?? null };
}

/** Each "my requests" list's cursor: the last request's (created, id). */
const CURSORS = { leave_request: timeIdCursor("leave-requests"), project_request: timeIdCursor("project-requests") };
type RequestKind = keyof typeof CURSORS;

/**
 * Rows older than the URL's cursor in (created, id) order: the keyset condition of the
 * next page. A cursor that is not this list's is refused (InvalidCursorError).
 */
export function olderThan(objectType: RequestKind, cursor: string | undefined) {
  const after = CURSORS[objectType].parse(cursor);
  return keysetWhere("desc", after && { createdAt: after.at, id: after.id });
}

type PagedRow = { id: string; status: string; createdAt: Date; approver: { name: string } | null };

/**
 * One page of the requester's own requests from PAGE + 1 rows fetched newest first:
 * each row with who decided it, and the cursor of the next page if there is one.
 */
export async function requestPage<T extends PagedRow>(objectType: RequestKind, rows: T[]) {
  const page = keysetPage(rows, PAGE, (last) => CURSORS[objectType].encode({ at: last.createdAt, id: last.id }));
  const approverName = await deciderNames(objectType, page.rows);
  return { rows: page.rows.map((r) => ({ ...r, approverName: approverName(r) })), next: page.next };
}
