-- Importing history that happened before this log existed (the demo's ninety days, or
-- a migration from another system): entries with their own past times, chained and
-- hashed exactly as audit_append() does, so verify treats them like any other entry.
--
-- Only the owner may call it (no grant to the runtime role): the owner can already
-- write audit_logs directly, so this adds no power, only a path that keeps the chain
-- rules. The rules: times never go backwards along a chain and never run ahead of
-- the clock, so the chain order stays the time order (archiving a month relies on it).
CREATE FUNCTION audit_import_history(p_chain smallint, p_entries audit_content[], p_times timestamptz[])
RETURNS integer LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
  n integer := coalesce(cardinality(p_entries), 0);
  contents bytea[] := '{}';
  hashes bytea[] := '{}';
  times timestamptz[] := '{}';
  prev_seq bigint;
  h bytea;
  last timestamptz;
  ts timestamptz;
BEGIN
  IF n = 0 THEN
    RETURN 0;
  END IF;
  IF coalesce(cardinality(p_times), 0) <> n THEN
    RAISE EXCEPTION 'audit_import_history: one time per entry' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  SELECT last_seq, last_hash, last_ts INTO STRICT prev_seq, h, last FROM audit_chain_heads WHERE chain_id = p_chain FOR UPDATE;
  FOR i IN 1 .. n LOOP
    ts := date_trunc('milliseconds', p_times[i]);
    IF ts IS NULL OR ts < last OR ts > clock_timestamp() THEN
      RAISE EXCEPTION 'audit_import_history: entry % of chain % is at %, before the chain''s last entry (%) or after now', i, p_chain, ts, last
        USING ERRCODE = 'invalid_parameter_value';
    END IF;
    last := ts;
    times[i] := ts;
    contents[i] := sha256(convert_to(p_entries[i]::text, 'UTF8'));
    h := sha256(h || contents[i] || int8send((extract(epoch FROM ts) * 1000)::bigint));
    hashes[i] := h;
  END LOOP;
  PERFORM audit_ensure_partitions(times[1], times[n]);
  UPDATE audit_chain_heads SET last_seq = prev_seq + n, last_hash = h, last_ts = last WHERE chain_id = p_chain;
  INSERT INTO audit_logs (id, event_type, event_category, action_type, action_description, module_name, user_id, user_name, user_email, user_role, user_department, session_id, ip_address, user_agent, object_type, object_id, object_name, subject_user_id, old_values, new_values, changed_fields, request_method, request_path, response_status, risk_level, is_sensitive, is_compliance_related, status, error_message, error_code, additional_data, tags, retention_months, event_timestamp, chain_id, chain_seq, content_hash, entry_hash)
  SELECT e.id, e.event_type, e.event_category, e.action_type, e.action_description, e.module_name, e.user_id, e.user_name, e.user_email, e.user_role, e.user_department, e.session_id, e.ip_address, e.user_agent, e.object_type, e.object_id, e.object_name, e.subject_user_id, e.old_values, e.new_values, e.changed_fields, e.request_method, e.request_path, e.response_status, e.risk_level, e.is_sensitive, e.is_compliance_related, e.status, e.error_message, e.error_code, e.additional_data, e.tags, e.retention_months, times[e.ordinality], p_chain, prev_seq + e.ordinality, contents[e.ordinality], hashes[e.ordinality]
    FROM unnest(p_entries) WITH ORDINALITY AS e;
  RETURN n;
END $$;
REVOKE EXECUTE ON FUNCTION audit_import_history(smallint, audit_content[], timestamptz[]) FROM PUBLIC;
