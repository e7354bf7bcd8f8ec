-- Anomalies found in the audit log reach admins and auditors as alerts of their own type.
ALTER TYPE "AlertType" ADD VALUE 'audit_anomaly';

-- Alerts (issue 11): escalation time, read time and a resolution note on alerts; an index
-- for "no re-raise until the condition recurs"; a dedupe key on anomaly alerts.
ALTER TABLE "alerts" ADD COLUMN "escalated_at" TIMESTAMPTZ(3),
  ADD COLUMN "read_at" TIMESTAMPTZ(3),
  ADD COLUMN "resolution_note" TEXT;

CREATE INDEX "alerts_dedupe_any_status_idx" ON "alerts"("dedupe_key", "recipient_user_id");
CREATE INDEX "alerts_unread_idx" ON "alerts"("recipient_user_id") WHERE (read_at IS NULL AND status = 'OPEN');

ALTER TABLE "audit_alerts" ADD COLUMN "dedupe_key" TEXT;
CREATE UNIQUE INDEX "audit_alerts_dedupe_key_key" ON "audit_alerts"("dedupe_key");

-- alerts, settings and outbox_messages are granted in full already (20261130000000);
-- audit_alerts stays insert-only apart from resolving, so the new column needs nothing.
-- The local Inngest driver holds one session-level advisory lock; no table needed.
