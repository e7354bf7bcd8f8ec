-- Chart rollups for the audit log. A 90-day chart over ten million entries must not
-- read ten million rows: counts are kept per hour (and per PKT day and actor), and a
-- chart sums the rollup plus the entries not rolled up yet.
--
-- What is rolled up is tracked per chain by position, not by time: each chain's entries
-- up to last_seq are counted, those after it are not. Chain positions commit in order
-- (the head row is locked by every append), so "rollup + entries past the watermark"
-- is exact at any moment, however late a transaction commits. The rollups are derived
-- data, not evidence: verify never reads them, and the runtime role can only read them;
-- audit_rollup_advance() (SECURITY DEFINER) is the one writer.
CREATE TABLE audit_rollup_watermarks (
  chain_id smallint PRIMARY KEY,
  last_seq bigint NOT NULL DEFAULT 0
);
INSERT INTO audit_rollup_watermarks (chain_id) SELECT chain_id FROM audit_chain_heads;

-- Column names follow audit_logs, so the search's SQL (lib/audit/search/query.ts)
-- applies unchanged; event_timestamp is the bucket's start.
CREATE TABLE audit_rollup_hourly (
  event_timestamp timestamptz(3) NOT NULL,
  event_category "AuditCategory" NOT NULL,
  event_type "AuditEventType" NOT NULL,
  action_type text NOT NULL,
  risk_level "RiskLevel" NOT NULL,
  status "AuditOutcome" NOT NULL,
  n bigint NOT NULL,
  PRIMARY KEY (event_timestamp, event_category, event_type, action_type, risk_level, status)
);
-- Per PKT day (the bucket starts at 00:00 PKT), per actor as recorded on the entry.
CREATE TABLE audit_rollup_actors_daily (
  event_timestamp timestamptz(3) NOT NULL,
  user_name text NOT NULL,
  user_role text NOT NULL,
  event_category "AuditCategory" NOT NULL,
  risk_level "RiskLevel" NOT NULL,
  n bigint NOT NULL,
  PRIMARY KEY (event_timestamp, event_category, risk_level, user_name, user_role)
);

-- The same per Monday-to-Sunday PKT week: a 90-day top-actors count reads whole weeks
-- here and only the days at either end from the daily table.
CREATE TABLE audit_rollup_actors_weekly (
  event_timestamp timestamptz(3) NOT NULL,
  user_name text NOT NULL,
  user_role text NOT NULL,
  event_category "AuditCategory" NOT NULL,
  risk_level "RiskLevel" NOT NULL,
  n bigint NOT NULL,
  PRIMARY KEY (event_timestamp, event_category, risk_level, user_name, user_role)
);

CREATE FUNCTION audit_rollup_advance(p_max_per_chain integer DEFAULT 200000) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  w record;
  head bigint;
  upto bigint;
  total bigint := 0;
BEGIN
  -- One advance at a time; a second caller waits and then finds little to do.
  PERFORM pg_advisory_xact_lock(hashtext('audit_rollup_advance'));
  FOR w IN SELECT r.chain_id, r.last_seq FROM audit_rollup_watermarks r ORDER BY r.chain_id LOOP
    SELECT h.last_seq INTO head FROM audit_chain_heads h WHERE h.chain_id = w.chain_id;
    -- Entries archived before they were rolled up are not found here, so never counted.
    upto := least(head, w.last_seq + greatest(p_max_per_chain, 1));
    CONTINUE WHEN upto <= w.last_seq;
    INSERT INTO audit_rollup_hourly AS r (event_timestamp, event_category, event_type, action_type, risk_level, status, n)
    SELECT date_trunc('hour', a.event_timestamp), a.event_category, a.event_type, a.action_type, a.risk_level, a.status, count(*)
      FROM audit_logs a WHERE a.chain_id = w.chain_id AND a.chain_seq > w.last_seq AND a.chain_seq <= upto
     GROUP BY 1, 2, 3, 4, 5, 6
    ON CONFLICT (event_timestamp, event_category, event_type, action_type, risk_level, status) DO UPDATE SET n = r.n + excluded.n;
    INSERT INTO audit_rollup_actors_daily AS r (event_timestamp, user_name, user_role, event_category, risk_level, n)
    SELECT date_trunc('day', a.event_timestamp, 'Asia/Karachi'), a.user_name, a.user_role, a.event_category, a.risk_level, count(*)
      FROM audit_logs a WHERE a.chain_id = w.chain_id AND a.chain_seq > w.last_seq AND a.chain_seq <= upto
     GROUP BY 1, 2, 3, 4, 5
    ON CONFLICT (event_timestamp, event_category, risk_level, user_name, user_role) DO UPDATE SET n = r.n + excluded.n;
    INSERT INTO audit_rollup_actors_weekly AS r (event_timestamp, user_name, user_role, event_category, risk_level, n)
    SELECT date_trunc('week', a.event_timestamp, 'Asia/Karachi'), a.user_name, a.user_role, a.event_category, a.risk_level, count(*)
      FROM audit_logs a WHERE a.chain_id = w.chain_id AND a.chain_seq > w.last_seq AND a.chain_seq <= upto
     GROUP BY 1, 2, 3, 4, 5
    ON CONFLICT (event_timestamp, event_category, risk_level, user_name, user_role) DO UPDATE SET n = r.n + excluded.n;
    UPDATE audit_rollup_watermarks SET last_seq = upto WHERE chain_id = w.chain_id;
    total := total + (upto - w.last_seq);
  END LOOP;
  RETURN total;
END $$;

REVOKE ALL ON audit_rollup_watermarks, audit_rollup_hourly, audit_rollup_actors_daily, audit_rollup_actors_weekly FROM PUBLIC;
GRANT SELECT ON audit_rollup_watermarks, audit_rollup_hourly, audit_rollup_actors_daily, audit_rollup_actors_weekly TO hr_runtime;
REVOKE EXECUTE ON FUNCTION audit_rollup_advance(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit_rollup_advance(integer) TO hr_runtime;
