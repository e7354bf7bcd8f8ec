import "server-only";
// Audit streams as pages and the API read them: every destination with its health.
// Secrets never leave: the sealed values are not even selected.
import { can } from "@/lib/access/permissions";
import { db } from "@/lib/db";
import { ServiceError } from "@/lib/errors";
import type { ServiceContext } from "@/lib/service-context";
import { fullCursor, lagOf } from "./batch";
import { syslogAddress, type StreamFormat, type StreamState, type StreamTransport } from "./contract";

export type StreamSummary = {
  id: string; name: string; transport: StreamTransport; format: StreamFormat; filter: string; url: string | null;
  state: StreamState; pausedReason: string | null; pausedAt: string | null;
  createdBy: string; createdAt: string; updatedAt: string;
  health: {
    lagEntries: number; lagSeconds: number | null; lastSuccessAt: string | null; lastError: string | null; lastErrorAt: string | null;
    failingSince: string | null; nextAttemptAt: string | null; deliveredTotal: number; failedBatches: number;
    days: Array<{ day: string; delivered: number; failed: number }>;
  };
  secretRotation: { previousValidUntil: string } | null;
};

export function requireStreams(actor: ServiceContext["actor"]) {
  if (!can(actor.role, "streams:manage")) throw new ServiceError("You are not allowed to manage audit streams.", "forbidden");
}

const SELECT = {
  id: true, name: true, transport: true, format: true, filter: true, config: true, state: true, pausedReason: true, pausedAt: true, createdByName: true, createdAt: true, updatedAt: true,
  cursor: true, lastSuccessAt: true, lastError: true, lastErrorAt: true, failingSince: true, nextAttemptAt: true, deliveredTotal: true, failedBatches: true, previousSecretUntil: true,
  days: { orderBy: { day: "desc" as const }, take: 14, select: { day: true, delivered: true, failed: true } },
} as const;

type Row = Awaited<ReturnType<typeof db.auditStream.findFirstOrThrow<{ select: typeof SELECT }>>>;

const iso = (d: Date | null) => d?.toISOString() ?? null;

async function summary(r: Row, now = new Date()): Promise<StreamSummary> {
  const lag = await lagOf(fullCursor(r.cursor));
  const config = (r.config ?? {}) as { url?: string; host?: string; port?: number; tls?: boolean };
  return {
    id: r.id, name: r.name, transport: r.transport as StreamTransport, format: r.format as StreamFormat, filter: r.filter, url: config.url ?? (config.host ? syslogAddress({ host: config.host, port: Number(config.port), tls: config.tls !== false }) : null),
    state: r.state as StreamState, pausedReason: r.pausedReason, pausedAt: iso(r.pausedAt), createdBy: r.createdByName, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString(),
    health: {
      lagEntries: lag.entries, lagSeconds: lag.oldest ? Math.max(0, Math.round((now.getTime() - lag.oldest.getTime()) / 1000)) : null,
      lastSuccessAt: iso(r.lastSuccessAt), lastError: r.lastError, lastErrorAt: iso(r.lastErrorAt), failingSince: iso(r.failingSince), nextAttemptAt: iso(r.nextAttemptAt),
      deliveredTotal: Number(r.deliveredTotal), failedBatches: Number(r.failedBatches),
      days: r.days.map((d) => ({ day: d.day.toISOString().slice(0, 10), delivered: Number(d.delivered), failed: Number(d.failed) })),
    },
    secretRotation: r.previousSecretUntil && r.previousSecretUntil > now ? { previousValidUntil: r.previousSecretUntil.toISOString() } : null,
  };
}

export async function listStreams({ actor }: ServiceContext): Promise<StreamSummary[]> {
  requireStreams(actor);
  const rows = await db.auditStream.findMany({ orderBy: [{ name: "asc" }], take: 100, select: SELECT });
  return Promise.all(rows.map((r) => summary(r)));
}

export async function getStream({ actor }: ServiceContext, id: string): Promise<StreamSummary> {
  requireStreams(actor);
  const row = await db.auditStream.findUnique({ where: { id }, select: SELECT });
  if (!row) throw new ServiceError("No such audit stream.", "not_found");
  return summary(row);
}
