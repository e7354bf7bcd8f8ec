// Demo data for the alert scans, called once by prisma/seed.ts after the organisation
// exists: the threshold settings the scans read (defaults, unless set already), and
// conditions on the demo accounts' own teams so every role sees an alert of each kind
// on first sign-in (the demo manager: a team member's missing check-out; the demo team
// lead: an overdue task; a stale leave request for the manager to decide); and the
// anomaly alerts the audit history's suspicious patterns raise (seedAnomalies).
import { systemActor } from "@/lib/audit/write/actor";
import { auditedTransaction } from "@/lib/audit/write/transaction";
import { findAnomalies, recordAnomalies } from "@/lib/alerts/anomalies";
import { db } from "@/lib/db";
import { ALERT_SETTING_DEFAULTS, ALERT_SETTING_FIELDS } from "@/lib/settings/schemas";
import { DEMO_ACCOUNTS } from "./demo-accounts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export async function seedAlerts(now = new Date()): Promise<void> {
  const email = (role: string) => DEMO_ACCOUNTS.find((a) => a.role === role)!.email;
  const users = await db.user.findMany({ where: { email: { in: DEMO_ACCOUNTS.map((a) => a.email) } }, select: { id: true, email: true, name: true } });
  const byEmail = new Map(users.map((u) => [u.email, u]));
  const lead = byEmail.get(email("team_lead"));
  const junior = byEmail.get(email("junior_employee"));
  const employee = byEmail.get(email("employee"));
  const manager = byEmail.get(email("manager"));
  const admin = byEmail.get(email("admin"));
  if (!lead || !junior || !employee || !manager || !admin) return;

  await auditedTransaction(async (tx, audit) => {
    const existing = new Set((await tx.setting.findMany({ select: { key: true } })).map((s) => s.key));
    const added: Record<string, number> = {};
    for (const [name, field] of Object.entries(ALERT_SETTING_FIELDS)) {
      if (existing.has(field.key)) continue;
      const value = name === "approvalDelayHours" && existing.has("alerts.approval_delay_days") ? 120 : ALERT_SETTING_DEFAULTS[name as keyof typeof ALERT_SETTING_DEFAULTS];
      await tx.setting.create({ data: { key: field.key, value, updatedById: admin.id } });
      added[field.key] = value;
    }
    // The team lead (the demo manager's direct report) checked in yesterday evening and
    // never checked out; the employee checks in during the walkthrough, so not them.
    const open = await tx.attendanceSession.findFirst({ where: { userId: lead.id, checkOutAt: null } });
    if (!open) await tx.attendanceSession.create({ data: { userId: lead.id, checkInAt: new Date(now.getTime() - 15 * HOUR) } });
    // The junior's overdue task goes to their manager, the team lead.
    await tx.task.create({
      data: {
        title: "Write onboarding guide", assigneeId: junior.id, createdById: lead.id, dueDate: new Date(now.getTime() - 2 * DAY),
        status: "IN_PROGRESS", estimateMinutes: 240, startedAt: new Date(now.getTime() - 6 * DAY), createdAt: new Date(now.getTime() - 8 * DAY),
      },
    });
    // A leave request of the employee, waiting on the manager for a week.
    const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 30));
    await tx.leaveRequest.create({
      data: { requesterId: employee.id, type: "annual", startDate: start, endDate: new Date(start.getTime() + 2 * DAY), reason: "Family visit", createdAt: new Date(now.getTime() - 7 * DAY) },
    });
    audit.record({
      eventType: "import", category: "data", actionType: "alerts.demo_seeded",
      description: "Demo seed set the alert thresholds and the demo teams' alert conditions", actor: systemActor("demo seed"),
      object: { type: "settings", id: "alerts", name: "Alert thresholds" }, after: added,
    });
  });
}

/**
 * The anomaly scan over the whole demo history (the live scan looks back a day), so a
 * fresh demo's Anomaly alerts page holds what an auditor should find: the night-time
 * burst of failed sign-ins, the off-hours role change, the very large export. Each is
 * recorded as the five-minute scan would have recorded it, shortly after it happened,
 * with its alerts to admins and auditors. Nothing when anomaly alerts exist already.
 */
export async function seedAnomalies(now = new Date()): Promise<number> {
  if ((await db.auditAlert.count()) > 0) return 0;
  const found = await findAnomalies({ since: new Date(now.getTime() - 91 * DAY), now });
  let recorded = 0;
  for (const anomaly of found.sort((a, b) => a.at.getTime() - b.at.getTime())) {
    const scannedAt = new Date(Math.min(now.getTime(), anomaly.at.getTime() + 5 * 60_000));
    recorded += (await recordAnomalies([anomaly], scannedAt)).recorded;
  }
  return recorded;
}
