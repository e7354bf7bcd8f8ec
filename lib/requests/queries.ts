import "server-only";
import { deciderNames } from "@/lib/audit/search/decider-names";
import type { Prisma } from "@/lib/generated/prisma/client";

// What leave requests and project requests share: how the requester is labelled, how
// "my requests" pages, and who decided.

export const PAGE = 20;
export const TO_DECIDE_LIMIT = 50;
export const RECENT_DECISIONS = 10;

export type RequestCursor = { at: Date; id: string };

export const requesterSelect = {
  select: { name: true, title: true, department: { select: { name: true } } },
} satisfies Prisma.UserDefaultArgs;

type Requester = { name: string; title: string | null; department: { name: string } | null };

/** The requester as the pages label them. */
export function requesterLabels(requester: Requester) {
  return { requesterName: requester.name, requesterTitle: requester.title, departmentName: requester.department?.name ?? null };
}

/** Rows older than the cursor in (created, id) order: the keyset condition of the next page. */
export function olderThan(cursor?: RequestCursor) {
  return cursor ? { OR: [{ createdAt: { lt: cursor.at } }, { createdAt: cursor.at, id: { lt: cursor.id } }] } : {};
}

type PagedRow = { id: string; status: string; createdAt: Date; approver: { name: string } | null };

/**
 * One page of the requester's own requests from PAGE + 1 rows fetched newest first:
 * each row with who decided it, and the cursor of the next page if there is one.
 */
export async function requestPage<T extends PagedRow>(objectType: "leave_request" | "project_request", rows: T[]) {
  const page = rows.slice(0, PAGE);
  const approverName = await deciderNames(objectType, page);
  const last = rows.length > PAGE ? page[page.length - 1]! : null;
  return {
    rows: page.map((r) => ({ ...r, approverName: approverName(r) })),
    next: last ? { at: last.createdAt, id: last.id } : null,
  };
}
