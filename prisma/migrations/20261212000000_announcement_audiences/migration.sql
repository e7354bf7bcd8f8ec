-- Announcement audiences as rules (issue 23): any combination of everyone, roles,
-- departments, a manager's team (direct reports or the whole reporting tree) and named
-- people, with exclusions, one row per term. announcement_targets() is the one rule
-- that says whether a person is in an announcement's audience: the feed, the receipts,
-- the live delivery and the reach page all ask it.
ALTER TYPE "Audience" ADD VALUE 'custom';

CREATE TYPE "AudienceTermKind" AS ENUM ('everyone', 'role', 'department', 'team', 'team_tree', 'person');

ALTER TABLE "announcements" ADD COLUMN "audience_summary" TEXT NOT NULL DEFAULT '';

CREATE TABLE "announcement_audience_terms" (
    "id" UUID NOT NULL,
    "announcement_id" UUID NOT NULL,
    "exclude" BOOLEAN NOT NULL DEFAULT false,
    "kind" "AudienceTermKind" NOT NULL,
    "role" "Role",
    "department_id" UUID,
    "user_id" UUID,

    CONSTRAINT "announcement_audience_terms_pkey" PRIMARY KEY ("id"),
    -- Each kind names exactly what it needs; "everyone" is never an exclusion.
    CONSTRAINT "announcement_audience_terms_shape" CHECK (
      CASE "kind"
        WHEN 'everyone' THEN NOT "exclude" AND "role" IS NULL AND "department_id" IS NULL AND "user_id" IS NULL
        WHEN 'role' THEN "role" IS NOT NULL AND "department_id" IS NULL AND "user_id" IS NULL
        WHEN 'department' THEN "department_id" IS NOT NULL AND "role" IS NULL AND "user_id" IS NULL
        ELSE "user_id" IS NOT NULL AND "role" IS NULL AND "department_id" IS NULL
      END
    )
);

CREATE INDEX "announcement_audience_terms_announcement_id_idx" ON "announcement_audience_terms"("announcement_id");
CREATE INDEX "announcement_audience_terms_department_id_idx" ON "announcement_audience_terms"("department_id");
CREATE INDEX "announcement_audience_terms_user_id_idx" ON "announcement_audience_terms"("user_id");

ALTER TABLE "announcement_audience_terms" ADD CONSTRAINT "announcement_audience_terms_announcement_id_fkey" FOREIGN KEY ("announcement_id") REFERENCES "announcements"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "announcement_audience_terms" ADD CONSTRAINT "announcement_audience_terms_department_id_fkey" FOREIGN KEY ("department_id") REFERENCES "departments"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "announcement_audience_terms" ADD CONSTRAINT "announcement_audience_terms_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Every announcement written so far targeted everyone or one role: that rule, as terms.
INSERT INTO "announcement_audience_terms" ("id", "announcement_id", "kind", "role")
SELECT gen_random_uuid(), a."id",
       CASE WHEN a."audience"::text = 'all' THEN 'everyone'::"AudienceTermKind" ELSE 'role'::"AudienceTermKind" END,
       CASE WHEN a."audience"::text = 'all' THEN NULL ELSE a."audience"::text::"Role" END
  FROM "announcements" a;
UPDATE "announcements" SET "audience_summary" = CASE "audience"::text
  WHEN 'all' THEN 'Everyone' WHEN 'employee' THEN 'Employees' WHEN 'manager' THEN 'Managers' WHEN 'admin' THEN 'Admins'
  WHEN 'hr_operations' THEN 'HR Operations' WHEN 'team_lead' THEN 'Team leads' WHEN 'intern' THEN 'Interns'
  WHEN 'junior_employee' THEN 'Junior employees' ELSE "audience"::text END;

-- Whether a person is in an audience given as its terms: an include term matches them
-- (a team is the manager's direct reports; a team tree everyone below the manager, at
-- any depth) and no exclude term does. Suspended people are in no audience. The preview
-- asks it of a rule not yet saved; announcement_targets() of a saved announcement.
CREATE FUNCTION audience_includes(p_terms "announcement_audience_terms"[], p_user UUID) RETURNS BOOLEAN
LANGUAGE sql STABLE AS $$
  WITH RECURSIVE person AS (
    SELECT u."id", u."role", u."department_id", u."manager_id" FROM "users" u WHERE u."id" = p_user AND u."status" = 'active'
  ), above ("id", "depth") AS (
    SELECT p."manager_id", 1 FROM person p WHERE p."manager_id" IS NOT NULL
    UNION ALL
    SELECT m."manager_id", a."depth" + 1 FROM "users" m JOIN above a ON m."id" = a."id" WHERE m."manager_id" IS NOT NULL AND a."depth" < 32
  ), matched AS (
    SELECT t."exclude" FROM unnest(p_terms) t, person p
     WHERE t."kind" = 'everyone'
        OR (t."kind" = 'role' AND t."role" = p."role")
        OR (t."kind" = 'department' AND t."department_id" = p."department_id")
        OR (t."kind" = 'person' AND t."user_id" = p."id")
        OR (t."kind" = 'team' AND t."user_id" = p."manager_id")
        OR (t."kind" = 'team_tree' AND t."user_id" IN (SELECT a."id" FROM above a))
  )
  SELECT EXISTS (SELECT 1 FROM matched WHERE NOT "exclude") AND NOT EXISTS (SELECT 1 FROM matched WHERE "exclude")
$$;

CREATE FUNCTION announcement_targets(p_announcement UUID, p_user UUID) RETURNS BOOLEAN
LANGUAGE sql STABLE AS $$
  SELECT audience_includes(ARRAY(SELECT t FROM "announcement_audience_terms" t WHERE t."announcement_id" = p_announcement), p_user)
$$;

GRANT SELECT, INSERT, DELETE ON "announcement_audience_terms" TO hr_runtime;
GRANT EXECUTE ON FUNCTION audience_includes("announcement_audience_terms"[], UUID), announcement_targets(UUID, UUID) TO hr_runtime;
