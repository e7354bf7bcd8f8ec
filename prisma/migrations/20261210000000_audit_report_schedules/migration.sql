-- Compliance report schedules (issue 21): a report type generated every week or every
-- month for the period just ended, by the audit-report-schedules function, and emailed
-- to the chosen people (a link through the outbox, not an attachment). A schedule is
-- never edited or removed: it is stopped, and who stopped it is kept with it. Each
-- scheduled report names its schedule (audit_reports.schedule); one report per schedule
-- and period, so a run repeated after a crash generates nothing twice.
-- CreateTable
CREATE TABLE "audit_report_schedules" (
    "id" UUID NOT NULL,
    "report_type" TEXT NOT NULL,
    "cadence" TEXT NOT NULL,
    "recipient_ids" UUID[],
    "created_by_id" UUID,
    "created_by_name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "stopped_at" TIMESTAMPTZ(3),
    "stopped_by_name" TEXT,

    CONSTRAINT "audit_report_schedules_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "audit_report_schedules_type_check" CHECK ("report_type" IN ('access_review', 'authentication', 'sensitive_data_access', 'integrity_attestation', 'alert_handling', 'announcement_reach')),
    CONSTRAINT "audit_report_schedules_cadence_check" CHECK ("cadence" IN ('weekly', 'monthly')),
    CONSTRAINT "audit_report_schedules_recipients_check" CHECK (cardinality("recipient_ids") BETWEEN 1 AND 20)
);

-- CreateIndex
CREATE INDEX "audit_report_schedules_active_idx" ON "audit_report_schedules"("created_at") WHERE (stopped_at IS NULL);

-- CreateIndex
CREATE UNIQUE INDEX "audit_reports_schedule_period_key" ON "audit_reports"("schedule", "period_from") WHERE (schedule IS NOT NULL);

-- AddForeignKey
ALTER TABLE "audit_report_schedules" ADD CONSTRAINT "audit_report_schedules_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Only stopping changes a schedule, once.
CREATE FUNCTION audit_report_schedules_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.stopped_at IS NULL AND NEW.stopped_at IS NOT NULL
     AND (NEW.id, NEW.report_type, NEW.cadence, NEW.recipient_ids, NEW.created_by_name, NEW.created_at)
         IS NOT DISTINCT FROM (OLD.id, OLD.report_type, OLD.cadence, OLD.recipient_ids, OLD.created_by_name, OLD.created_at) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'report schedule %: a schedule is only ever stopped, once; it is not changed or removed', OLD.id USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER audit_report_schedules_stop_only BEFORE UPDATE OR DELETE ON audit_report_schedules FOR EACH ROW EXECUTE FUNCTION audit_report_schedules_guard();

GRANT SELECT, INSERT ON audit_report_schedules TO hr_runtime;
GRANT UPDATE ("stopped_at", "stopped_by_name") ON audit_report_schedules TO hr_runtime;
