// Compliance reports as pages and the API read them (the write side is service.ts).
import { can, rolesWith } from "@/lib/access/permissions";
import { db } from "@/lib/db";
import { ServiceError } from "@/lib/errors";
import type { ServiceContext } from "@/lib/service-context";
import type { Cadence, ReportType } from "./document";

export type ReportSummary = {
  id: string; name: string; type: ReportType; status: "queued" | "generating" | "ready" | "failed"; progress: number; progressNote: string;
  periodFrom: string; periodTo: string; requestedAt: string; generatedAt: string | null; requestedBy: string;
  pdfSha256: string | null; dataSha256: string | null; keyId: string | null; signed: boolean; error: string;
};

export const SELECT = {
  id: true, reportName: true, reportType: true, status: true, progress: true, progressNote: true, periodFrom: true, periodTo: true, requestedAt: true,
  generatedDate: true, generatedByName: true, pdfSha256: true, dataSha256: true, keyId: true, signature: true, error: true,
} as const;

type Row = { id: string; reportName: string; reportType: string; status: string; progress: number; progressNote: string; periodFrom: Date | null; periodTo: Date | null; requestedAt: Date; generatedDate: Date; generatedByName: string; pdfSha256: string | null; dataSha256: string | null; keyId: string | null; signature: string | null; error: string };

export function summary(r: Row): ReportSummary {
  return {
    id: r.id, name: r.reportName, type: r.reportType as ReportType, status: r.status as ReportSummary["status"], progress: r.progress, progressNote: r.progressNote,
    periodFrom: r.periodFrom!.toISOString(), periodTo: r.periodTo!.toISOString(), requestedAt: r.requestedAt.toISOString(),
    generatedAt: r.status === "ready" ? r.generatedDate.toISOString() : null, requestedBy: r.generatedByName,
    pdfSha256: r.pdfSha256, dataSha256: r.dataSha256, keyId: r.keyId, signed: r.signature !== null, error: r.error,
  };
}

export function requireReports(actor: ServiceContext["actor"]) {
  if (!can(actor.role, "audit:reports")) throw new ServiceError("You are not allowed to use compliance reports.", "forbidden");
}

export async function listReports({ actor }: ServiceContext, o: { limit?: number } = {}): Promise<ReportSummary[]> {
  requireReports(actor);
  const rows = await db.auditReport.findMany({ where: { periodFrom: { not: null } }, orderBy: [{ requestedAt: "desc" }, { id: "desc" }], take: Math.min(o.limit ?? 100, 200), select: SELECT });
  return rows.map(summary);
}

export async function getReport({ actor }: ServiceContext, id: string): Promise<ReportSummary> {
  requireReports(actor);
  const row = await db.auditReport.findFirst({ where: { id, periodFrom: { not: null } }, select: SELECT });
  if (!row) throw new ServiceError("No such report.", "not_found");
  return summary(row);
}

// ── Schedules ──────────────────────────────────────────────────────────────

export type ScheduleSummary = {
  id: string; type: ReportType; cadence: Cadence; recipients: Array<{ id: string; name: string; email: string; canReceive: boolean }>;
  createdBy: string; createdAt: string; stoppedAt: string | null; stoppedBy: string | null; lastReport: { id: string; periodFrom: string; status: string } | null;
};

/** Active people who may open reports (the only ones a schedule may email). */
export async function reportRecipients(): Promise<Array<{ id: string; name: string; email: string }>> {
  return db.user.findMany({ where: { status: "active", role: { in: rolesWith("audit:reports") } }, orderBy: { name: "asc" }, select: { id: true, name: true, email: true } });
}

export async function listSchedules({ actor }: ServiceContext): Promise<ScheduleSummary[]> {
  requireReports(actor);
  const rows = await db.auditReportSchedule.findMany({ orderBy: [{ stoppedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }], take: 100 });
  const ids = [...new Set(rows.flatMap((r) => r.recipientIds))];
  const people = new Map((await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, email: true, status: true, role: true } })).map((p) => [p.id, p]));
  const allowed = new Set<string>(rolesWith("audit:reports"));
  const last = await db.auditReport.findMany({
    where: { schedule: { in: rows.map((r) => r.id) } }, orderBy: { periodFrom: "desc" }, distinct: ["schedule"], select: { id: true, schedule: true, periodFrom: true, status: true },
  });
  const lastBy = new Map(last.map((r) => [r.schedule!, r]));
  return rows.map((r) => {
    const report = lastBy.get(r.id);
    return {
      id: r.id, type: r.reportType as ReportType, cadence: r.cadence as Cadence,
      recipients: r.recipientIds.map((id) => {
        const p = people.get(id);
        return { id, name: p?.name ?? "Removed person", email: p?.email ?? "", canReceive: !!p && p.status === "active" && allowed.has(p.role) };
      }),
      createdBy: r.createdByName, createdAt: r.createdAt.toISOString(), stoppedAt: r.stoppedAt?.toISOString() ?? null, stoppedBy: r.stoppedByName,
      lastReport: report ? { id: report.id, periodFrom: report.periodFrom!.toISOString(), status: report.status } : null,
    };
  });
}
