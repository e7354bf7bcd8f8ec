-- Announcements (issue 12): pinned, acknowledgement, a once-only broadcast marker, and
-- receipts that record delivery, reading and acknowledgement separately.
ALTER TABLE "announcements"
  ADD COLUMN "pinned" BOOLEAN NOT NULL DEFAULT false,
  ADD COLUMN "requires_acknowledgement" BOOLEAN NOT NULL DEFAULT false,
  ADD COLUMN "broadcast_at" TIMESTAMPTZ(3);
-- Existing announcements are not broadcast again.
UPDATE "announcements" SET "broadcast_at" = "created_at";
ALTER TABLE "announcements" ADD CONSTRAINT "announcements_window_check" CHECK ("end_date" >= "start_date");

-- What the scheduled-start job reads: active announcements not yet broadcast.
CREATE INDEX "announcements_due_broadcast_idx" ON "announcements"("start_date") WHERE broadcast_at IS NULL AND is_active;

ALTER TABLE "announcement_reads"
  ADD COLUMN "delivered_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  ADD COLUMN "acknowledged_at" TIMESTAMPTZ(3);
UPDATE "announcement_reads" SET "delivered_at" = "read_at";
ALTER TABLE "announcement_reads" ALTER COLUMN "read_at" DROP NOT NULL, ALTER COLUMN "read_at" DROP DEFAULT;

-- The runtime role already reads and writes both tables (20261130000000); new columns
-- are covered by those table-level grants, restated here so this migration stands alone.
GRANT SELECT, INSERT, UPDATE, DELETE ON "announcements", "announcement_reads" TO hr_runtime;
