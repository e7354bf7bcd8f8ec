-- Whose data a read was about (issue 20, "who looked at this person's record?"): reads of
-- people's records (a sick-leave reason, say) write one row per person, with the name as
-- it was then. The table stays append-only (its triggers are unchanged) and the runtime
-- role's table grants (SELECT, INSERT) cover the new columns.
ALTER TABLE "data_access_logs" ADD COLUMN "subject_user_id" UUID, ADD COLUMN "subject_name" TEXT NOT NULL DEFAULT '';

CREATE INDEX "data_access_logs_subject_user_id_access_timestamp_idx" ON "data_access_logs"("subject_user_id", "access_timestamp" DESC);
