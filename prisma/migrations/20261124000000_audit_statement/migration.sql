-- Audited writes in one call: audit_append() replaces audit_append_chain() and the
-- insert the writer built around it, so an audited statement stays small (its
-- executor start-up was a large part of its cost), and it carries the gate of
-- one-statement audited writes (lib/audit/statement.ts).

-- The hashed columns of an audit entry, in hashing order (HASHED_COLUMNS in
-- lib/audit/canonical.ts) and with their stored types: an entry's content hash is the
-- SHA-256 of this record's text, which is exactly what the verifier recomputes from
-- the stored row, ROW(<these columns>)::text.
CREATE TYPE audit_content AS (
  id uuid, event_type "AuditEventType", event_category "AuditCategory", action_type text, action_description text,
  module_name text, user_id uuid, user_name text, user_email text, user_role text, user_department text,
  session_id text, ip_address text, user_agent text, object_type text, object_id text, object_name text,
  subject_user_id uuid, old_values jsonb, new_values jsonb, changed_fields jsonb, request_method text,
  request_path text, response_status integer, risk_level "RiskLevel", is_sensitive boolean,
  is_compliance_related boolean, status "AuditOutcome", error_message text, error_code text,
  additional_data jsonb, tags jsonb, retention_months integer
);

-- Appends entries to chain `p_chain` and returns how many, under the chain head's row
-- lock: positions stay contiguous and the time never goes backwards within a chain.
-- Each entry's content hash is computed here from its record text, and its entry hash
-- covers the previous entry's hash, its content hash and its time in milliseconds.
-- NULL or an empty array appends nothing. (The head is read FOR UPDATE rather than
-- taken from UPDATE ... RETURNING old.*: on PostgreSQL 18.4 that returns the
-- pre-wait row when a BEFORE UPDATE trigger, here audit_chain_heads_guard, exists.)
-- `p_unchanged`, when set, names a mutation of a one-statement audited write that
-- changed no row: the whole statement then fails (SQLSTATE P0002, no_data_found,
-- DETAIL = that name) before anything is appended, so no entry ever describes a
-- change that did not happen (lib/audit/statement.ts).
CREATE FUNCTION audit_append(p_chain smallint, p_entries audit_content[], p_unchanged text DEFAULT NULL)
RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  n integer := coalesce(cardinality(p_entries), 0);
  contents bytea[] := '{}';
  hashes bytea[] := '{}';
  prev_seq bigint;
  h bytea;
  last timestamptz;
  ts timestamptz;
  ms bytea;
BEGIN
  IF p_unchanged IS NOT NULL THEN
    RAISE EXCEPTION 'audited statement: % changed no row', p_unchanged
      USING ERRCODE = 'no_data_found', DETAIL = p_unchanged;
  END IF;
  IF n = 0 THEN
    RETURN 0;
  END IF;
  FOR i IN 1 .. n LOOP
    contents[i] := sha256(convert_to(p_entries[i]::text, 'UTF8'));
  END LOOP;
  SELECT last_seq, last_hash, last_ts INTO STRICT prev_seq, h, last FROM audit_chain_heads WHERE chain_id = p_chain FOR UPDATE;
  ts := greatest(date_trunc('milliseconds', clock_timestamp()), last);
  ms := int8send((extract(epoch FROM ts) * 1000)::bigint);
  FOR i IN 1 .. n LOOP
    h := sha256(h || contents[i] || ms);
    hashes[i] := h;
  END LOOP;
  UPDATE audit_chain_heads SET last_seq = prev_seq + n, last_hash = h, last_ts = ts WHERE chain_id = p_chain;
  INSERT INTO audit_logs (id, event_type, event_category, action_type, action_description, module_name, user_id, user_name, user_email, user_role, user_department, session_id, ip_address, user_agent, object_type, object_id, object_name, subject_user_id, old_values, new_values, changed_fields, request_method, request_path, response_status, risk_level, is_sensitive, is_compliance_related, status, error_message, error_code, additional_data, tags, retention_months, event_timestamp, chain_id, chain_seq, content_hash, entry_hash)
  SELECT e.id, e.event_type, e.event_category, e.action_type, e.action_description, e.module_name, e.user_id, e.user_name, e.user_email, e.user_role, e.user_department, e.session_id, e.ip_address, e.user_agent, e.object_type, e.object_id, e.object_name, e.subject_user_id, e.old_values, e.new_values, e.changed_fields, e.request_method, e.request_path, e.response_status, e.risk_level, e.is_sensitive, e.is_compliance_related, e.status, e.error_message, e.error_code, e.additional_data, e.tags, e.retention_months, ts, p_chain, prev_seq + e.ordinality, contents[e.ordinality], hashes[e.ordinality]
    FROM unnest(p_entries) WITH ORDINALITY AS e;
  RETURN n;
END $$;

DROP FUNCTION audit_append_chain(smallint, bytea[]);
