-- Issue 25 (defect 11): full verification is one scan at a time across every app
-- instance (a PostgreSQL advisory lock) and at most one request per person per 30 s
-- (the shared limiter table, rate_limits). A request that waited on another instance's
-- scan reads that scan's report here: the last full verification, one row.
CREATE TABLE "audit_verify_results" (
  "id" SMALLINT NOT NULL DEFAULT 1,
  "finished_at" TIMESTAMPTZ(3) NOT NULL,
  "report" JSONB NOT NULL,
  CONSTRAINT "audit_verify_results_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "audit_verify_results_one_row" CHECK ("id" = 1)
);
GRANT SELECT, INSERT, UPDATE ON "audit_verify_results" TO hr_runtime;
