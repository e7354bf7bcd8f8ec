-- ─── Least privilege for the audit log ──────────────────────────────────────
-- Two roles (README "Database roles"): the owner, who runs these migrations and owns
-- every table and function, and the runtime group role `hr_runtime`, whose members
-- (the app's login) own nothing. The runtime role reads the audit tables but writes
-- them only through the SECURITY DEFINER functions below, each of which checks its
-- arguments: appending entries, creating partitions, recording a signed checkpoint,
-- and recording an archive while dropping the partition it describes.
-- Checkpoints and archive records are signed in Node (Ed25519, lib/audit/signing.ts);
-- PostgreSQL cannot check those signatures, so the functions check what it can see
-- (the chain heads and the partition's rows), and audit:verify checks the signatures.

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'hr_runtime') THEN
    RAISE EXCEPTION 'role "hr_runtime" does not exist'
      USING HINT = 'Create the database roles first (README, "Database roles"); the embedded database does it on start.';
  END IF;
  IF (SELECT rolsuper FROM pg_roles WHERE rolname = 'hr_runtime') THEN
    RAISE EXCEPTION 'role "hr_runtime" must not be a superuser';
  END IF;
END $$;

-- ── Signed checkpoints form a chain; signatures name their algorithm ──
ALTER TABLE "audit_checkpoints" ADD COLUMN "algorithm" TEXT NOT NULL DEFAULT 'hmac-sha256',
  ADD COLUMN "previous_id" BIGINT,
  ADD COLUMN "previous_signature" TEXT,
  ADD COLUMN "archive_id" BIGINT,
  ADD COLUMN "archive_signature" TEXT;
ALTER TABLE "audit_checkpoints" ALTER COLUMN "algorithm" DROP DEFAULT;
ALTER TABLE "audit_archives" ADD COLUMN "algorithm" TEXT NOT NULL DEFAULT 'hmac-sha256';
ALTER TABLE "audit_archives" ALTER COLUMN "algorithm" DROP DEFAULT;

-- ── Appending entries: the only way into audit_logs ──
ALTER FUNCTION audit_append(smallint, audit_content[], text) SECURITY DEFINER SET search_path = public, pg_temp;

-- ── Partitions ahead of time: a bounded window around now ──
CREATE OR REPLACE FUNCTION audit_ensure_partitions(from_month timestamptz, to_month timestamptz) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  m timestamptz;
  n integer := 0;
BEGIN
  IF from_month IS NULL OR to_month IS NULL OR from_month > to_month THEN
    RAISE EXCEPTION 'audit_ensure_partitions: from_month must not be after to_month' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF to_month > now() + interval '24 months' OR to_month - from_month > interval '36 months' THEN
    RAISE EXCEPTION 'audit_ensure_partitions: at most 36 months, ending at most 24 months from now' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  m := date_trunc('month', from_month AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
  WHILE m <= to_month LOOP
    PERFORM audit_ensure_partition(m);
    m := m + interval '1 month';
    n := n + 1;
  END LOOP;
  RETURN n;
END $$;
-- Each monthly partition belongs to the owner whoever asks for it (SECURITY DEFINER),
-- is readable by the runtime role (the archive step streams one
-- partition at a time) and, like its parent, writable by nobody but the functions.
CREATE OR REPLACE FUNCTION audit_ensure_partition(month timestamptz) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  lo timestamptz := date_trunc('month', month AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
  hi timestamptz := lo + interval '1 month';
  name text := format('audit_logs_p%s', to_char(lo AT TIME ZONE 'UTC', 'YYYYMM'));
BEGIN
  IF to_regclass(name) IS NULL THEN
    EXECUTE format('CREATE TABLE %I PARTITION OF audit_logs FOR VALUES FROM (%L) TO (%L)', name, lo, hi);
    EXECUTE format('CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION audit_reject_change()', name);
    EXECUTE format('REVOKE ALL ON %I FROM PUBLIC', name);
    EXECUTE format('GRANT SELECT ON %I TO hr_runtime', name);
  END IF;
  RETURN name;
END $$;
DO $$
DECLARE p text;
BEGIN
  FOR p IN SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'audit_logs'::regclass LOOP
    EXECUTE format('GRANT SELECT ON %I TO hr_runtime', p);
  END LOOP;
END $$;

-- ── Checkpoints ──
-- Records a checkpoint signed in Node. The heads must be the real chain heads (each
-- position's entry hash as stored, or as the newest archive recorded it, or the
-- chain's genesis), never behind the previous checkpoint; the total must be their
-- sum; the checkpoint must name the newest checkpoint and the newest archive record
-- exactly (so a deleted one is noticed by the next), and its time must be now.
CREATE FUNCTION audit_record_checkpoint(
  p_heads jsonb, p_total bigint, p_created_at timestamptz, p_key_id text, p_algorithm text,
  p_previous_id bigint, p_previous_signature text, p_archive_id bigint, p_archive_signature text, p_signature text
) RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  prev audit_checkpoints%ROWTYPE;
  arch audit_archives%ROWTYPE;
  h record;
  stored bytea;
  sum_seq numeric := 0;
  new_id bigint;
BEGIN
  IF p_algorithm IS DISTINCT FROM 'ed25519' OR coalesce(p_key_id, '') = '' OR coalesce(length(p_signature), 0) NOT BETWEEN 16 AND 512 THEN
    RAISE EXCEPTION 'audit checkpoint: algorithm must be ed25519, with a key id and a signature' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF p_created_at IS NULL OR abs(extract(epoch FROM (p_created_at - clock_timestamp()))) > 300 THEN
    RAISE EXCEPTION 'audit checkpoint: created_at must be the current time' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  -- One checkpoint at a time, so "the newest" cannot change under us.
  LOCK TABLE audit_checkpoints IN SHARE ROW EXCLUSIVE MODE;
  SELECT * INTO prev FROM audit_checkpoints ORDER BY id DESC LIMIT 1;
  IF FOUND THEN
    IF p_previous_id IS DISTINCT FROM prev.id OR p_previous_signature IS DISTINCT FROM prev.signature THEN
      RAISE EXCEPTION 'audit checkpoint: must name the newest checkpoint #% as its previous', prev.id USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_created_at <= prev.created_at THEN
      RAISE EXCEPTION 'audit checkpoint: time must be after checkpoint #%', prev.id USING ERRCODE = 'invalid_parameter_value';
    END IF;
  ELSIF p_previous_id IS NOT NULL OR p_previous_signature IS NOT NULL THEN
    RAISE EXCEPTION 'audit checkpoint: there is no previous checkpoint' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  SELECT * INTO arch FROM audit_archives ORDER BY id DESC LIMIT 1;
  IF FOUND THEN
    IF p_archive_id IS DISTINCT FROM arch.id OR p_archive_signature IS DISTINCT FROM arch.signature THEN
      RAISE EXCEPTION 'audit checkpoint: must name the newest archive record #%', arch.id USING ERRCODE = 'invalid_parameter_value';
    END IF;
  ELSIF p_archive_id IS NOT NULL OR p_archive_signature IS NOT NULL THEN
    RAISE EXCEPTION 'audit checkpoint: there is no archive record' USING ERRCODE = 'invalid_parameter_value';
  END IF;

  IF jsonb_typeof(p_heads) IS DISTINCT FROM 'array'
     OR jsonb_array_length(p_heads) <> (SELECT count(*) FROM audit_chain_heads)
     OR (SELECT count(DISTINCT (e->>'chainId')::smallint) FROM jsonb_array_elements(p_heads) e) <> jsonb_array_length(p_heads) THEN
    RAISE EXCEPTION 'audit checkpoint: heads must name every chain once' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  FOR h IN
    SELECT (e->>'chainId')::smallint AS chain_id, (e->>'seq')::bigint AS seq, decode(e->>'hash', 'hex') AS hash,
           c.last_seq, (SELECT (p->>'seq')::bigint FROM jsonb_array_elements(prev.heads) p WHERE (p->>'chainId')::smallint = (e->>'chainId')::smallint) AS prev_seq
      FROM jsonb_array_elements(p_heads) e
      LEFT JOIN audit_chain_heads c ON c.chain_id = (e->>'chainId')::smallint
  LOOP
    IF h.last_seq IS NULL OR h.seq IS NULL OR h.seq < 0 OR h.seq > h.last_seq OR h.seq < coalesce(h.prev_seq, 0) THEN
      RAISE EXCEPTION 'audit checkpoint: chain % position % is not between the previous checkpoint and the chain head', h.chain_id, h.seq USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF h.seq = 0 THEN
      stored := sha256(convert_to('hr-governance-audit-chain:' || h.chain_id, 'UTF8'));
    ELSE
      SELECT l.entry_hash INTO stored FROM audit_logs l WHERE l.chain_id = h.chain_id AND l.chain_seq = h.seq LIMIT 1;
      IF NOT FOUND THEN
        SELECT decode(e->>'hash', 'hex') INTO stored FROM audit_archives a, jsonb_array_elements(a.chain_ends) e
         WHERE (e->>'chainId')::smallint = h.chain_id AND (e->>'seq')::bigint = h.seq LIMIT 1;
      END IF;
    END IF;
    IF stored IS DISTINCT FROM h.hash THEN
      RAISE EXCEPTION 'audit checkpoint: chain % position % does not hold that hash', h.chain_id, h.seq USING ERRCODE = 'invalid_parameter_value';
    END IF;
    sum_seq := sum_seq + h.seq;
  END LOOP;
  IF p_total IS DISTINCT FROM sum_seq THEN
    RAISE EXCEPTION 'audit checkpoint: total_entries must be the sum of the head positions (%)', sum_seq USING ERRCODE = 'invalid_parameter_value';
  END IF;

  INSERT INTO audit_checkpoints (created_at, heads, total_entries, key_id, algorithm, signature, previous_id, previous_signature, archive_id, archive_signature)
  VALUES (p_created_at, p_heads, p_total, p_key_id, p_algorithm, p_signature, p_previous_id, p_previous_signature, p_archive_id, p_archive_signature)
  RETURNING id INTO new_id;
  RETURN new_id;
END $$;

-- ── Archive records ──
-- Records the archive of one monthly partition and drops it, in the caller's
-- transaction. Only a partition that is attached, covers exactly its month, has ended,
-- is the oldest one still holding rows, and whose every entry is past its retention
-- by the database clock; the recorded row count and chain ends must be the
-- partition's own, and each chain must continue exactly where the previous archive
-- left it. The caller still signs the record; verify checks that signature.
CREATE FUNCTION audit_record_archive(
  p_partition text, p_file_path text, p_file_sha256 text, p_row_count bigint, p_chain_ends jsonb,
  p_created_at timestamptz, p_key_id text, p_algorithm text, p_signature text
) RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  part regclass;
  lo timestamptz;
  hi timestamptz;
  n bigint;
  live boolean;
  ends jsonb;
  gap text;
  new_id bigint;
BEGIN
  IF p_partition IS NULL OR p_partition !~ '^audit_logs_p[0-9]{6}$' THEN
    RAISE EXCEPTION 'audit archive: % is not an audit partition name', p_partition USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF p_algorithm IS DISTINCT FROM 'ed25519' OR coalesce(p_key_id, '') = '' OR coalesce(length(p_signature), 0) NOT BETWEEN 16 AND 512
     OR coalesce(p_file_path, '') = '' OR coalesce(p_file_sha256, '') !~ '^[0-9a-f]{64}$' THEN
    RAISE EXCEPTION 'audit archive: a file, its SHA-256 and an ed25519 signature are required' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF p_created_at IS NULL OR abs(extract(epoch FROM (p_created_at - clock_timestamp()))) > 300 THEN
    RAISE EXCEPTION 'audit archive: created_at must be the current time' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  part := to_regclass(quote_ident(p_partition));
  IF part IS NULL OR NOT EXISTS (SELECT 1 FROM pg_inherits WHERE inhrelid = part AND inhparent = 'audit_logs'::regclass) THEN
    RAISE EXCEPTION 'audit archive: % is not an attached audit partition', p_partition USING ERRCODE = 'invalid_parameter_value';
  END IF;
  lo := make_timestamptz(substr(p_partition, 13, 4)::int, substr(p_partition, 17, 2)::int, 1, 0, 0, 0, 'UTC');
  hi := lo + interval '1 month';
  IF pg_get_expr((SELECT relpartbound FROM pg_class WHERE oid = part), part) IS DISTINCT FROM format('FOR VALUES FROM (%L) TO (%L)', lo, hi) THEN
    RAISE EXCEPTION 'audit archive: % does not cover the month its name says', p_partition USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF hi > clock_timestamp() THEN
    RAISE EXCEPTION 'audit archive: the month of % has not ended', p_partition USING ERRCODE = 'invalid_parameter_value';
  END IF;

  LOCK TABLE audit_archives IN SHARE ROW EXCLUSIVE MODE;
  EXECUTE format('LOCK TABLE %I IN SHARE MODE', p_partition);
  IF EXISTS (SELECT 1 FROM audit_logs WHERE event_timestamp < lo) THEN
    RAISE EXCEPTION 'audit archive: an older partition still holds entries; archive oldest first' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  EXECUTE format('SELECT count(*), coalesce(bool_or(event_timestamp + make_interval(months => retention_months) >= clock_timestamp()), false) FROM %I', p_partition)
    INTO n, live;
  IF live THEN
    RAISE EXCEPTION 'audit archive: % holds entries still inside their retention', p_partition USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF n = 0 OR p_row_count IS DISTINCT FROM n THEN
    RAISE EXCEPTION 'audit archive: % holds % entries, not %', p_partition, n, p_row_count USING ERRCODE = 'invalid_parameter_value';
  END IF;
  EXECUTE format(
    $q$SELECT coalesce(jsonb_agg(jsonb_build_object('chainId', chain_id, 'seq', seq::text, 'hash', hash) ORDER BY chain_id), '[]')
         FROM (SELECT DISTINCT ON (chain_id) chain_id, chain_seq AS seq, encode(entry_hash, 'hex') AS hash FROM %I ORDER BY chain_id, chain_seq DESC, id DESC) t$q$,
    p_partition) INTO ends;
  IF ends IS DISTINCT FROM p_chain_ends THEN
    RAISE EXCEPTION 'audit archive: the chain ends given are not those of %', p_partition USING ERRCODE = 'invalid_parameter_value';
  END IF;
  -- Every chain in the partition starts right after the previous archive's end (or
  -- at 1), and the partition holds each chain's positions without a gap.
  EXECUTE format(
    $q$SELECT format('chain %%s', p.chain_id) FROM (
         SELECT chain_id, min(chain_seq) AS first, max(chain_seq) AS last, count(*) AS n FROM %I GROUP BY chain_id) p
       LEFT JOIN LATERAL (
         SELECT max((e->>'seq')::bigint) AS seq FROM audit_archives a, jsonb_array_elements(a.chain_ends) e
          WHERE (e->>'chainId')::smallint = p.chain_id) prior ON true
       WHERE p.first <> coalesce(prior.seq, 0) + 1 OR p.last - p.first + 1 <> p.n LIMIT 1$q$,
    p_partition) INTO gap;
  IF gap IS NOT NULL THEN
    RAISE EXCEPTION 'audit archive: % of % does not continue from the previous archive without a gap', gap, p_partition USING ERRCODE = 'invalid_parameter_value';
  END IF;

  INSERT INTO audit_archives (created_at, partition, range_start, range_end, row_count, file_path, file_sha256, chain_ends, key_id, algorithm, signature)
  VALUES (p_created_at, p_partition, lo, hi, n, p_file_path, p_file_sha256, p_chain_ends, p_key_id, p_algorithm, p_signature)
  RETURNING id INTO new_id;
  LOCK TABLE audit_logs IN ACCESS EXCLUSIVE MODE;
  EXECUTE format('ALTER TABLE audit_logs DETACH PARTITION %I', p_partition);
  EXECUTE format('DROP TABLE %I', p_partition);
  RETURN new_id;
END $$;

-- The drop guard accepts only an archive record written in the same transaction as
-- the drop (as audit_record_archive does), not any row someone inserted earlier.
CREATE OR REPLACE FUNCTION audit_require_archive(partition_name text) RETURNS void
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM audit_archives a WHERE a.partition = partition_name AND a.xmin = pg_current_xact_id()::xid) THEN
    RAISE EXCEPTION 'audit partition "%" has not been archived: its rows can leave only through the retention archive step', partition_name
      USING ERRCODE = 'insufficient_privilege',
            HINT = 'Run npm run audit:archive; it removes only partitions whose every entry is past its retention.';
  END IF;
END $$;

-- ── Grants ──
-- Functions are executable by PUBLIC by default; the definer ones are not.
REVOKE EXECUTE ON FUNCTION audit_append(smallint, audit_content[], text), audit_ensure_partitions(timestamptz, timestamptz),
  audit_ensure_partition(timestamptz), audit_record_checkpoint(jsonb, bigint, timestamptz, text, text, bigint, text, bigint, text, text),
  audit_record_archive(text, text, text, bigint, jsonb, timestamptz, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit_append(smallint, audit_content[], text), audit_ensure_partitions(timestamptz, timestamptz),
  audit_record_checkpoint(jsonb, bigint, timestamptz, text, text, bigint, text, bigint, text, text),
  audit_record_archive(text, text, text, bigint, jsonb, timestamptz, text, text, text) TO hr_runtime;

GRANT USAGE ON SCHEMA public TO hr_runtime;
GRANT USAGE ON TYPE audit_content TO hr_runtime;

-- The HR tables: the app reads and writes them.
GRANT SELECT, INSERT, UPDATE, DELETE ON departments, users, attendance_sessions, tasks, time_logs, leave_requests,
  project_requests, alerts, announcements, announcement_reads, settings, outbox_messages TO hr_runtime;

-- The audit tables: read; sessions and data-access records are written directly
-- (their triggers keep them append-only); nothing else but through the functions.
GRANT SELECT ON audit_logs, audit_chain_heads, audit_checkpoints, audit_archives TO hr_runtime;
GRANT SELECT, INSERT ON data_access_logs, audit_alerts, audit_reports TO hr_runtime;
GRANT SELECT, INSERT, UPDATE (logout_time, session_duration_seconds, last_activity_time, page_views, api_calls,
  data_access_count, data_modification_count, is_suspicious, risk_score, security_flags, termination_reason, terminated_by)
  ON audit_sessions TO hr_runtime;
GRANT UPDATE (is_resolved, resolved_at) ON audit_alerts TO hr_runtime;
-- Verify compares the ids the checkpoint sequence has issued with the rows present.
GRANT SELECT ON SEQUENCE audit_checkpoints_id_seq TO hr_runtime;
