-- Anomaly alerts can be closed (issue 20): resolved or dismissed by an auditor or admin,
-- with who (the id, and the name as it was then), when and why. `is_resolved` (spec 001,
-- read by GET /api/audit-alerts) stays true exactly when the alert is not open.
ALTER TABLE "audit_alerts" ADD COLUMN "status" "AlertStatus" NOT NULL DEFAULT 'OPEN',
  ADD COLUMN "resolved_by_id" UUID,
  ADD COLUMN "resolved_by_name" TEXT,
  ADD COLUMN "resolution_note" TEXT;

-- Alerts marked resolved before there was a status are resolved ones.
UPDATE "audit_alerts" SET "status" = 'RESOLVED', "resolved_at" = coalesce("resolved_at", "created_at") WHERE "is_resolved";

ALTER TABLE "audit_alerts" ADD CONSTRAINT "audit_alerts_resolved_matches_status"
  CHECK ("is_resolved" = ("status" <> 'OPEN') AND ("status" = 'OPEN' OR "resolved_at" IS NOT NULL));

-- CreateIndex
CREATE INDEX "audit_alerts_created_at_id_idx" ON "audit_alerts"("created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "audit_alerts_status_created_at_id_idx" ON "audit_alerts"("status", "created_at" DESC, "id" DESC);

-- A closed anomaly alert is final: its status, closer, time and note are what the audit
-- log says they are, and no later UPDATE (a second resolve racing the first, a bug)
-- rewrites them. The service's guarded UPDATE (status = 'OPEN') never reaches this.
CREATE FUNCTION audit_alerts_closed_is_final() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public AS $$
BEGIN
  RAISE EXCEPTION 'audit alert % is already closed (%)', OLD.id, OLD.status USING ERRCODE = 'check_violation';
END;
$$;

CREATE TRIGGER audit_alerts_closed_is_final BEFORE UPDATE ON "audit_alerts"
  FOR EACH ROW WHEN (OLD.status <> 'OPEN') EXECUTE FUNCTION audit_alerts_closed_is_final();

-- The runtime role closes alerts (is_resolved and resolved_at were granted in
-- 20261130000000); it still cannot change what an alert says or when it was raised.
GRANT UPDATE (status, resolved_by_id, resolved_by_name, resolution_note) ON audit_alerts TO hr_runtime;
