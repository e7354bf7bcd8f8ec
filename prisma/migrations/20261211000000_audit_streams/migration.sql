-- Audit log streams (issue 22): destinations an admin configures (a webhook, Splunk HEC,
-- Datadog, Elasticsearch, syslog), each with a filter in the search language and a
-- format. The log itself is the buffer: each destination keeps a cursor, the last
-- position handled on each hash chain (index chain_id + 1), advanced only after the
-- destination acknowledged a batch. Within a chain, positions commit in order (the
-- append holds the chain head's lock until commit), so the cursor is exact however
-- transactions interleave. Secrets are stored sealed (AES-256-GCM, STREAM_SECRET_KEY)
-- and never leave the server after creation.
ALTER TYPE "AlertType" ADD VALUE 'stream_failing';

-- CreateTable
CREATE TABLE "audit_streams" (
    "id" UUID NOT NULL,
    "name" VARCHAR(120) NOT NULL,
    "transport" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "filter" TEXT NOT NULL DEFAULT '',
    "config" JSONB NOT NULL DEFAULT '{}',
    "secret_sealed" TEXT NOT NULL,
    "previous_secret_sealed" TEXT,
    "previous_secret_until" TIMESTAMPTZ(3),
    "state" TEXT NOT NULL DEFAULT 'active',
    "paused_reason" TEXT,
    "paused_at" TIMESTAMPTZ(3),
    "cursor" BIGINT[] NOT NULL DEFAULT ARRAY[]::BIGINT[],
    "cursor_moved_at" TIMESTAMPTZ(3),
    "failing_since" TIMESTAMPTZ(3),
    "next_attempt_at" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_success_at" TIMESTAMPTZ(3),
    "last_error" TEXT,
    "last_error_at" TIMESTAMPTZ(3),
    "delivered_total" BIGINT NOT NULL DEFAULT 0,
    "failed_batches" BIGINT NOT NULL DEFAULT 0,
    "created_by_id" UUID,
    "created_by_name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "audit_streams_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "audit_streams_name_check" CHECK (char_length(btrim("name")) BETWEEN 1 AND 120),
    CONSTRAINT "audit_streams_transport_check" CHECK ("transport" IN ('webhook', 'splunk_hec', 'datadog', 'elastic', 'syslog')),
    CONSTRAINT "audit_streams_format_check" CHECK ("format" IN ('json', 'ocsf', 'cef', 'ecs')),
    CONSTRAINT "audit_streams_state_check" CHECK ("state" IN ('active', 'paused')),
    CONSTRAINT "audit_streams_filter_check" CHECK (char_length("filter") <= 2000)
);

-- Delivered entries and failed batches per destination and UTC day, for the health page.
CREATE TABLE "audit_stream_days" (
    "stream_id" UUID NOT NULL,
    "day" DATE NOT NULL,
    "delivered" BIGINT NOT NULL DEFAULT 0,
    "failed" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "audit_stream_days_pkey" PRIMARY KEY ("stream_id", "day")
);

-- CreateIndex
CREATE UNIQUE INDEX "audit_streams_name_key" ON "audit_streams"("name");

-- AddForeignKey
ALTER TABLE "audit_streams" ADD CONSTRAINT "audit_streams_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "audit_stream_days" ADD CONSTRAINT "audit_stream_days_stream_id_fkey" FOREIGN KEY ("stream_id") REFERENCES "audit_streams"("id") ON DELETE CASCADE ON UPDATE CASCADE;

GRANT SELECT, INSERT, UPDATE, DELETE ON audit_streams TO hr_runtime;
REVOKE UPDATE ON audit_streams FROM hr_runtime;
GRANT UPDATE ("name", "format", "filter", "config", "secret_sealed", "previous_secret_sealed", "previous_secret_until", "state", "paused_reason", "paused_at",
  "cursor", "cursor_moved_at", "failing_since", "next_attempt_at", "attempts", "last_success_at", "last_error", "last_error_at", "delivered_total", "failed_batches", "updated_at")
  ON audit_streams TO hr_runtime;
GRANT SELECT, INSERT, UPDATE, DELETE ON audit_stream_days TO hr_runtime;
