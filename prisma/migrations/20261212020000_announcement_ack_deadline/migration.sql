-- Acknowledgement deadlines (issue 23): an announcement that asks for acknowledgement may
-- name the day by which; then those who have not are reminded once, and, if its author
-- chose, their managers are alerted (a sixth scanned alert type). Authors may also
-- remind by hand, once an hour at most.
ALTER TYPE "AlertType" ADD VALUE 'unacknowledged_announcement';

ALTER TABLE "announcements" ADD COLUMN "ack_by" TIMESTAMPTZ(3),
  ADD COLUMN "escalate_unacknowledged" BOOLEAN NOT NULL DEFAULT false,
  ADD COLUMN "ack_reminded_at" TIMESTAMPTZ(3),
  ADD COLUMN "last_reminded_at" TIMESTAMPTZ(3);

-- Due deadline reminders, found without reading every announcement.
CREATE INDEX "announcements_ack_due_idx" ON "announcements" ("ack_by") WHERE "ack_reminded_at" IS NULL AND "requires_acknowledgement";
