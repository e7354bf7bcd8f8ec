import "server-only";
// One live tail as Server-Sent Events: a resumed tail first gets what it missed (from
// its Last-Event-ID up to where the hub stands), then every new matching entry as it
// is committed. Each event's id is the position after it (position.ts), so the
// browser's own reconnection, or a new EventSource given `after`, resumes exactly.
import { recordDataAccess } from "@/lib/audit/write/data-access";
import { env } from "@/lib/env";
import { ServiceError } from "@/lib/errors";
import type { AccessMethod } from "@/lib/generated/prisma/enums";
import type { ServiceContext } from "@/lib/service-context";
import type { SearchQuery } from "../search/parse";
import { formatQuery } from "../search/parse";
import { auditRowJson } from "../search/view";
import type { AuditListRow } from "../search/query";
import { CATCH_UP_LIMIT, tailHub, type TailHub } from "./hub";
import { decodePosition, encodePosition, type TailPosition } from "./position";

/** A stream lives this long, then ends; the client reconnects with its last id (and its access is checked again). */
const tailLifetimeMs = () => env.AUDIT_TAIL_LIFETIME_SECONDS * 1000;
const HEARTBEAT_MS = 15_000;
// One serialization per entry, shared by every tail it goes to (rows are shared objects).
const serialized = new WeakMap<AuditListRow, string>();
function entryJson(row: AuditListRow): string {
  let text = serialized.get(row);
  if (text === undefined) {
    text = JSON.stringify(auditRowJson(row));
    serialized.set(row, text);
  }
  return text;
}

/** A client this far behind (bytes queued) is cut off; it reconnects and catches up from its last id. */
const MAX_QUEUED_BYTES = 2_000_000;

type Options = ServiceContext & {
  ast: SearchQuery;
  /** The Last-Event-ID header, or the `after` parameter: where to resume. */
  resumeFrom?: string | null;
  signal?: AbortSignal;
  accessMethod?: AccessMethod;
  lifetimeMs?: number;
  hub?: TailHub;
};

/**
 * An event id: "<since>~<position>", where since (ms) is a time no entry after the
 * position is older than, so a resume reads only the partitions it needs. A client that
 * sends a later time than it was given only hides entries from itself.
 */
export function eventId(position: TailPosition, since: number | null): string {
  return `${since ?? ""}~${encodePosition(position)}`;
}

export function parseResumePosition(text: string | null | undefined): { position: TailPosition; since: number | null } | null {
  if (!text) return null;
  const m = /^(\d{0,15})~(.+)$/.exec(text.trim());
  const position = m ? decodePosition(m[2]!) : null;
  if (!m || !position) throw new ServiceError("Last-Event-ID (or `after`) is not a position this tail sent: resume from an event's id, or start without one.");
  return { position, since: m[1] ? Number(m[1]) : null };
}

export async function openAuditTail({ actor, request, ast, resumeFrom, signal, accessMethod = "api", lifetimeMs = tailLifetimeMs(), hub = tailHub() }: Options): Promise<ReadableStream<Uint8Array>> {
  const resume = parseResumePosition(resumeFrom);
  await recordDataAccess({
    actor, request, accessType: "view", accessMethod, dataCategory: "system_data", dataType: "audit_log",
    recordCount: 0, sensitivity: "restricted", purpose: "Audit log live tail",
    searchCriteria: { q: formatQuery(ast), ...(resume ? { resumed: true } : {}) },
  });
  const encoder = new TextEncoder();
  const viewer = { id: actor.id, role: actor.role };
  let cleanup = () => {};

  return new ReadableStream<Uint8Array>({
    async start(controller) {
      let open = true;
      let lastId = "";
      let live = false;
      const held: Array<[Array<{ row: AuditListRow; position: TailPosition }>, TailPosition, number | null]> = [];
      const write = (text: string) => {
        if (!open) return;
        controller.enqueue(encoder.encode(text));
        if ((controller.desiredSize ?? 0) < -MAX_QUEUED_BYTES) close();
      };
      const sendRows = (rows: Array<{ row: AuditListRow; position: TailPosition }>, reached: TailPosition | null, since: number | null) => {
        for (const { row, position } of rows) {
          lastId = eventId(position, since);
          write(`id: ${lastId}\nevent: entry\ndata: ${entryJson(row)}\n\n`);
        }
        const at = reached ? eventId(reached, since) : lastId;
        // An id alone moves the client's Last-Event-ID past entries it did not match.
        if (at && at !== lastId) {
          lastId = at;
          write(`id: ${at}\n\n`);
        }
      };
      const timers: NodeJS.Timeout[] = [];
      let unsubscribe = () => {};
      const close = () => {
        if (!open) return;
        open = false;
        for (const t of timers) clearInterval(t);
        unsubscribe();
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      cleanup = close;
      signal?.addEventListener("abort", close, { once: true });

      write(`retry: 1000\n\n`);
      const subscription = await hub.subscribe({
        viewer,
        ast,
        deliver: (rows, reached, since) => {
          if (live) sendRows(rows, reached, since);
          else held.push([rows, reached, since]);
        },
      });
      unsubscribe = subscription.unsubscribe;
      if (!open) return unsubscribe();
      if (resume) {
        const missed = await hub.catchUp(viewer, ast, resume.position, subscription.from, CATCH_UP_LIMIT + 1, resume.since);
        if (missed.length > CATCH_UP_LIMIT) {
          // Too much to replay: say so, and go on from now (the client reloads its search).
          write(`event: overflow\ndata: ${JSON.stringify({ message: `More than ${CATCH_UP_LIMIT.toLocaleString("en-US")} new entries since this tail was last open: reload the search to see them.` })}\n\n`);
        } else sendRows(missed, null, resume.since);
      }
      lastId = eventId(subscription.from, subscription.since);
      write(`id: ${lastId}\nevent: ready\ndata: ${JSON.stringify({ q: formatQuery(ast), lifetimeSeconds: Math.round(lifetimeMs / 1000) })}\n\n`);
      live = true;
      for (const [rows, reached, since] of held.splice(0)) sendRows(rows, reached, since);
      // Lifetimes spread ±25 %, so tails opened together do not all resume together.
      timers.push(setInterval(() => write(`: still here\n\n`), HEARTBEAT_MS), setTimeout(close, lifetimeMs * (0.75 + Math.random() * 0.5)));
    },
    cancel() {
      cleanup();
    },
  });
}
