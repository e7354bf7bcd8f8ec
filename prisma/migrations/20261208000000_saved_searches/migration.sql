-- Saved audit searches (issue 20): a person's audit log search kept by name, with the
-- columns and tab it shows. Private, shared with everyone who may view the whole log,
-- or pinned by an admin for everyone who may open the log. Who sees and changes which
-- is decided in lib/audit/saved/ (in the `where`); the runtime role may create, change
-- and delete them, never move one to another owner or rewrite when it was made.
-- CreateEnum
CREATE TYPE "SavedSearchView" AS ENUM ('results', 'insights');

-- CreateTable
CREATE TABLE "saved_searches" (
    "id" UUID NOT NULL,
    "owner_id" UUID NOT NULL,
    "name" VARCHAR(120) NOT NULL,
    "query" TEXT NOT NULL DEFAULT '',
    "columns" TEXT[],
    "view" "SavedSearchView" NOT NULL DEFAULT 'results',
    "shared" BOOLEAN NOT NULL DEFAULT false,
    "pinned_at" TIMESTAMPTZ(3),
    "pinned_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "saved_searches_pkey" PRIMARY KEY ("id"),
    -- The service trims names and holds them to 1–120 characters; the table agrees.
    CONSTRAINT "saved_searches_name_check" CHECK (char_length(btrim("name")) BETWEEN 1 AND 120),
    -- The parser's own bound on a search (lib/audit/search/parse.ts MAX_QUERY_LENGTH).
    CONSTRAINT "saved_searches_query_check" CHECK (char_length("query") <= 2000)
);

-- CreateIndex
CREATE INDEX "saved_searches_shared_idx" ON "saved_searches"("shared") WHERE (shared);

-- CreateIndex
CREATE INDEX "saved_searches_pinned_idx" ON "saved_searches"("pinned_at") WHERE (pinned_at IS NOT NULL);

-- CreateIndex
CREATE UNIQUE INDEX "saved_searches_owner_id_name_key" ON "saved_searches"("owner_id", "name");

-- AddForeignKey
ALTER TABLE "saved_searches" ADD CONSTRAINT "saved_searches_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "saved_searches" ADD CONSTRAINT "saved_searches_pinned_by_id_fkey" FOREIGN KEY ("pinned_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

GRANT SELECT, INSERT, DELETE ON saved_searches TO hr_runtime;
GRANT UPDATE ("name", "query", "columns", "view", "shared", "pinned_at", "pinned_by_id", "updated_at") ON saved_searches TO hr_runtime;
