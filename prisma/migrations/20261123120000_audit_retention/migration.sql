-- ─── Audit retention: a monthly partition leaves only through the archive step ───
-- The append-only triggers stop UPDATE, DELETE and TRUNCATE, but DROP TABLE or
-- DETACH PARTITION on a monthly audit partition would still remove its rows whole.
-- These event triggers allow that only for a partition whose signed archive record
-- already exists: lib/audit/retention.ts writes the record, then detaches and drops
-- the partition, in one transaction. Prisma does not model event triggers.

-- Raises unless every audit_logs_pYYYYMM table that is no longer attached (or no
-- longer exists) has an archive record.
CREATE FUNCTION audit_require_archive(partition_name text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM audit_archives a WHERE a.partition = partition_name) THEN
    RAISE EXCEPTION 'audit partition "%" has not been archived: its rows can leave only through the retention archive step', partition_name
      USING ERRCODE = 'insufficient_privilege',
            HINT = 'Run npm run audit:archive; it removes only partitions whose every entry is past its retention.';
  END IF;
END $$;

CREATE FUNCTION audit_guard_partition_drop() RETURNS event_trigger LANGUAGE plpgsql AS $$
DECLARE
  dropped record;
BEGIN
  -- Tearing down the whole schema (a development reset) drops the archive records
  -- too; that is not a retention step and is left to whoever owns the database.
  IF EXISTS (SELECT 1 FROM pg_event_trigger_dropped_objects() d
             WHERE d.object_type = 'table' AND d.object_name = 'audit_archives') THEN
    RETURN;
  END IF;
  FOR dropped IN
    SELECT d.object_name FROM pg_event_trigger_dropped_objects() d
     WHERE d.object_type = 'table' AND (d.object_name = 'audit_logs' OR d.object_name ~ '^audit_logs_p[0-9]{6}$')
  LOOP
    IF dropped.object_name = 'audit_logs' THEN
      RAISE EXCEPTION 'the audit log cannot be dropped: its rows can leave only through the retention archive step'
        USING ERRCODE = 'insufficient_privilege';
    END IF;
    PERFORM audit_require_archive(dropped.object_name);
  END LOOP;
END $$;

CREATE FUNCTION audit_guard_partition_detach() RETURNS event_trigger LANGUAGE plpgsql AS $$
DECLARE
  loose text;
BEGIN
  IF to_regclass('audit_logs') IS NULL OR to_regclass('audit_archives') IS NULL THEN
    RETURN;
  END IF;
  SELECT c.relname INTO loose
    FROM pg_class c
   WHERE c.relkind = 'r' AND NOT c.relispartition
     AND c.relnamespace = (SELECT relnamespace FROM pg_class WHERE oid = 'audit_logs'::regclass)
     AND c.relname ~ '^audit_logs_p[0-9]{6}$'
     AND NOT EXISTS (SELECT 1 FROM audit_archives a WHERE a.partition = c.relname)
   LIMIT 1;
  IF loose IS NOT NULL THEN
    PERFORM audit_require_archive(loose);
  END IF;
END $$;

-- Event triggers need a superuser. Where migrations run without one, the database
-- keeps the row-level guards and verification still reports any missing entries.
DO $$
BEGIN
  IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    CREATE EVENT TRIGGER audit_partition_drop_guard ON sql_drop
      EXECUTE FUNCTION audit_guard_partition_drop();
    CREATE EVENT TRIGGER audit_partition_detach_guard ON ddl_command_end
      WHEN TAG IN ('ALTER TABLE')
      EXECUTE FUNCTION audit_guard_partition_detach();
  ELSE
    RAISE NOTICE 'not a superuser: audit partition drop/detach guards were not installed';
  END IF;
END $$;
