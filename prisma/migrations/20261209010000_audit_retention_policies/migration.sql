-- Retention policies per category (issue 21). Admins set the months each category is
-- kept (settings key audit.retention_months.<category>, 12 to 120); the writer stamps new
-- entries with them, and an entry is archived only when past the longer of its own
-- retention_months and its category's policy now: a policy lengthens what is kept, it
-- never cuts short what an entry was written with. The archive function checks the
-- same rule by the database clock.
CREATE OR REPLACE FUNCTION audit_record_archive(
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
  -- Each entry is kept for the longer of its own retention and its category's policy now.
  EXECUTE format($q$SELECT count(*), coalesce(bool_or(l.event_timestamp + make_interval(months => greatest(l.retention_months,
           coalesce((SELECT (s.value #>> '{}')::int FROM settings s WHERE s.key = 'audit.retention_months.' || l.event_category::text AND jsonb_typeof(s.value) = 'number'), 0)))
           >= clock_timestamp()), false) FROM %I l$q$, p_partition)
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
