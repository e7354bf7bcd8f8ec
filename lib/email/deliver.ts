import { ALERT_DIGEST_TOPIC, alertDigestPayloadSchema, alertEmailPayloadSchema, isAlertEmailTopic } from "@/lib/alerts/contract";
import { deliverOutbox, type DeliverOutboxResult, type OutboxRow } from "@/lib/outbox/outbox";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { REPORT_READY_TOPIC, reportEmailPayloadSchema } from "@/lib/audit/reports/email";
import { ANNOUNCEMENT_EMAIL_TOPIC, announcementEmailPayloadSchema } from "@/lib/announcements/email";
import { unsubscribeToken } from "@/lib/announcements/unsubscribe";
import { renderAlertDigestEmail } from "./alert-digest-email";
import { renderAlertEmail } from "./alert-email";
import { renderAnnouncementEmail } from "./announcement-email";
import { renderReportEmail } from "./report-email";
import { messageIdFor, smtpMailer, type Mailer } from "./transport";

/** Renders one email outbox row and sends it. Unknown topics fail (and stay visible as unsent). */
export async function sendEmailRow(row: OutboxRow, mailer: Mailer): Promise<void> {
  if (row.topic === REPORT_READY_TOPIC) {
    const report = reportEmailPayloadSchema.parse(row.payload);
    const email = await renderReportEmail(report, env.APP_URL);
    await mailer({ messageId: messageIdFor(row.id), to: report.to, subject: email.subject, html: email.html, text: email.text, headers: { "X-Report-Id": report.reportId } });
    return;
  }
  if (row.topic === ANNOUNCEMENT_EMAIL_TOPIC) {
    const a = announcementEmailPayloadSchema.parse(row.payload);
    const email = await renderAnnouncementEmail(a, env.APP_URL, unsubscribeToken(a.recipientId));
    // Mail clients show their own unsubscribe control for List-Unsubscribe (the page asks to confirm).
    const headers: Record<string, string> = { "X-Announcement-Id": a.announcementId };
    if (email.unsubscribe) headers["List-Unsubscribe"] = `<${email.unsubscribe}>`;
    await mailer({ messageId: messageIdFor(row.id), to: a.to, subject: email.subject, html: email.html, text: email.text, headers });
    await db.$executeRaw`UPDATE announcement_emails SET sent_at = now() WHERE announcement_id = ${a.announcementId}::uuid AND user_id = ${a.recipientId}::uuid AND sent_at IS NULL`;
    return;
  }
  if (row.topic === ALERT_DIGEST_TOPIC) {
    const digest = alertDigestPayloadSchema.parse(row.payload);
    const email = await renderAlertDigestEmail(digest, env.APP_URL);
    await mailer({ messageId: messageIdFor(row.id), to: digest.to, subject: email.subject, html: email.html, text: email.text, headers: { "X-Alert-Digest": String(digest.total) } });
    // Informational only, as for a single alert's email.
    await db.alert.updateMany({ where: { digestId: row.id, emailedAt: null }, data: { emailedAt: new Date() } });
    return;
  }
  if (!isAlertEmailTopic(row.topic)) throw new Error(`No email template for topic ${row.topic}`);
  const alert = alertEmailPayloadSchema.parse(row.payload);
  const email = await renderAlertEmail(alert, env.APP_URL);
  await mailer({ messageId: messageIdFor(row.id), to: alert.to, subject: email.subject, html: email.html, text: email.text, headers: { "X-Alert-Id": alert.alertId } });
  // Informational only (the outbox row is the record of delivery).
  await db.alert.updateMany({ where: { id: alert.alertId, emailedAt: null }, data: { emailedAt: new Date() } });
}

/** Senders working the email outbox at once (each row is still locked by one: SKIP LOCKED). */
export const EMAIL_WORKERS = 12;

/**
 * Sends due emails (the outbox-deliver function's email step): EMAIL_WORKERS loops at
 * once over the pooled SMTP connections, each taking the next unlocked row, so an
 * announcement to a thousand people does not wait on one round trip at a time.
 */
export async function deliverEmailOutbox(options: { mailer?: Mailer; limit?: number; workers?: number } = {}): Promise<DeliverOutboxResult> {
  const mailer = options.mailer ?? smtpMailer();
  const limit = options.limit ?? 1000;
  const workers = Math.max(1, Math.min(options.workers ?? EMAIL_WORKERS, limit));
  const results = await Promise.all(
    Array.from({ length: workers }, (_, i) =>
      deliverOutbox({ channel: "email", limit: Math.floor(limit / workers) + (i < limit % workers ? 1 : 0), send: (row) => sendEmailRow(row, mailer) }),
    ),
  );
  return results.reduce((sum, r) => ({ sent: sum.sent + r.sent, failed: sum.failed + r.failed }), { sent: 0, failed: 0 });
}
