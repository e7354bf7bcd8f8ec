-- Alert triage (issue 24): digests instead of an email per alert, snooze, reminders.
--
-- An alert's email is either sent at once (its recipient's mode for its severity is
-- "immediate": the raising statement writes the outbox row and sets notified_at) or
-- carried by a digest: one outbox row per recipient and round, whose idempotency key
-- names the alerts it carries, written in the statement that sets their notified_at
-- and digest_id. A snoozed alert (snoozed_until in the future) is out of the open list
-- and out of digests until then; an escalation ends the snooze.
CREATE TYPE "AlertEmailMode" AS ENUM ('immediate', 'digest', 'daily');

ALTER TABLE "alerts"
  ADD COLUMN "snoozed_until" TIMESTAMPTZ(3),
  ADD COLUMN "notified_at" TIMESTAMPTZ(3),
  ADD COLUMN "digest_id" UUID,
  ADD COLUMN "reminded_at" TIMESTAMPTZ(3);

-- Alerts raised before digests were each emailed on their own: nothing is owed on them.
UPDATE "alerts" SET "notified_at" = "created_at";

-- The digest builder reads the open alerts (alerts_status_type_idx) in one pass. No index
-- names notified_at, digest_id or reminded_at, and pages keep room for a second version
-- of each row, so marking a round's alerts told is a heap-only (HOT) update, with no index
-- entries to write (bench:scan). An alert is updated in place through its life (read,
-- told, snoozed, reminded), which is what the room is for.
ALTER TABLE "alerts" SET (fillfactor = 50);
-- The badge counts open alerts now (openAlertsWhere), not unread ones: its index goes.
DROP INDEX "alerts_unread_idx";

-- A message that must be queued once whatever happens (a digest): the key decides.
ALTER TABLE "outbox_messages" ADD COLUMN "idempotency_key" TEXT;
CREATE UNIQUE INDEX "outbox_messages_idempotency_key_key" ON "outbox_messages" ("idempotency_key");

-- A person's own choice per severity (null: the administrators' default) and the PKT
-- hour of their daily summary.
CREATE TABLE "alert_email_preferences" (
  "user_id" UUID NOT NULL,
  "low" "AlertEmailMode",
  "medium" "AlertEmailMode",
  "high" "AlertEmailMode",
  "critical" "AlertEmailMode",
  "daily_hour" SMALLINT,
  "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "alert_email_preferences_pkey" PRIMARY KEY ("user_id"),
  CONSTRAINT "alert_email_preferences_daily_hour_check" CHECK ("daily_hour" BETWEEN 0 AND 23)
);
ALTER TABLE "alert_email_preferences" ADD CONSTRAINT "alert_email_preferences_user_id_fkey"
  FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
GRANT SELECT, INSERT, UPDATE, DELETE ON "alert_email_preferences" TO hr_runtime;

-- How a person hears of an alert of a severity: their choice, else the administrators'
-- default (settings key alerts.email_mode.<severity>), else the built-in default, which
-- lib/alerts/notify.ts states too (a test holds them equal): critical at once, the rest
-- in a digest.
CREATE FUNCTION alert_email_mode(p_user UUID, p_severity "AlertSeverity") RETURNS "AlertEmailMode"
LANGUAGE sql STABLE AS $$
  SELECT COALESCE(
    (SELECT CASE p_severity WHEN 'low' THEN p.low WHEN 'medium' THEN p.medium WHEN 'high' THEN p.high ELSE p.critical END
       FROM alert_email_preferences p WHERE p.user_id = p_user),
    (SELECT CASE WHEN s.value #>> '{}' IN ('immediate', 'digest', 'daily') THEN (s.value #>> '{}')::"AlertEmailMode" END
       FROM settings s WHERE s.key = 'alerts.email_mode.' || p_severity::text),
    (CASE WHEN p_severity = 'critical' THEN 'immediate' ELSE 'digest' END)::"AlertEmailMode")
$$;
GRANT EXECUTE ON FUNCTION alert_email_mode(UUID, "AlertSeverity") TO hr_runtime;
