-- Top actors of a chart with no category or risk term (the plain 90-day chart) summed
-- about 13 weeks × every person × category × risk rows of the actor rollups; these
-- keep one row per person a day and a week instead. audit_rollup_advance() now reads
-- each chain's new entries once, grouped by day, person, category and risk, and
-- writes all five rollups from that.
CREATE TABLE audit_rollup_actor_totals_daily (
  event_timestamp timestamptz(3) NOT NULL,
  user_name text NOT NULL,
  user_role text NOT NULL,
  n bigint NOT NULL,
  PRIMARY KEY (event_timestamp, user_name, user_role)
);
CREATE TABLE audit_rollup_actor_totals_weekly (
  event_timestamp timestamptz(3) NOT NULL,
  user_name text NOT NULL,
  user_role text NOT NULL,
  n bigint NOT NULL,
  PRIMARY KEY (event_timestamp, user_name, user_role)
);
INSERT INTO audit_rollup_actor_totals_daily (event_timestamp, user_name, user_role, n)
SELECT event_timestamp, user_name, user_role, sum(n) FROM audit_rollup_actors_daily GROUP BY 1, 2, 3;
INSERT INTO audit_rollup_actor_totals_weekly (event_timestamp, user_name, user_role, n)
SELECT event_timestamp, user_name, user_role, sum(n) FROM audit_rollup_actors_weekly GROUP BY 1, 2, 3;

CREATE OR REPLACE FUNCTION audit_rollup_advance(p_max_per_chain integer DEFAULT 200000) RETURNS bigint
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
    WITH days AS MATERIALIZED (
      SELECT date_trunc('day', a.event_timestamp, 'Asia/Karachi') AS day, a.user_name, a.user_role, a.event_category, a.risk_level, count(*) AS n
        FROM audit_logs a WHERE a.chain_id = w.chain_id AND a.chain_seq > w.last_seq AND a.chain_seq <= upto
       GROUP BY 1, 2, 3, 4, 5
    ), daily AS (
      INSERT INTO audit_rollup_actors_daily AS r (event_timestamp, user_name, user_role, event_category, risk_level, n)
      SELECT day, user_name, user_role, event_category, risk_level, n FROM days
      ON CONFLICT (event_timestamp, event_category, risk_level, user_name, user_role) DO UPDATE SET n = r.n + excluded.n
    ), weekly AS (
      INSERT INTO audit_rollup_actors_weekly AS r (event_timestamp, user_name, user_role, event_category, risk_level, n)
      SELECT date_trunc('week', day, 'Asia/Karachi'), user_name, user_role, event_category, risk_level, sum(n) FROM days GROUP BY 1, 2, 3, 4, 5
      ON CONFLICT (event_timestamp, event_category, risk_level, user_name, user_role) DO UPDATE SET n = r.n + excluded.n
    ), daily_totals AS (
      INSERT INTO audit_rollup_actor_totals_daily AS r (event_timestamp, user_name, user_role, n)
      SELECT day, user_name, user_role, sum(n) FROM days GROUP BY 1, 2, 3
      ON CONFLICT (event_timestamp, user_name, user_role) DO UPDATE SET n = r.n + excluded.n
    )
    INSERT INTO audit_rollup_actor_totals_weekly AS r (event_timestamp, user_name, user_role, n)
    SELECT date_trunc('week', day, 'Asia/Karachi'), user_name, user_role, sum(n) FROM days GROUP BY 1, 2, 3
    ON CONFLICT (event_timestamp, user_name, user_role) DO UPDATE SET n = r.n + excluded.n;
    UPDATE audit_rollup_watermarks SET last_seq = upto WHERE chain_id = w.chain_id;
    total := total + (upto - w.last_seq);
  END LOOP;
  RETURN total;
END $$;

REVOKE ALL ON audit_rollup_actor_totals_daily, audit_rollup_actor_totals_weekly FROM PUBLIC;
GRANT SELECT ON audit_rollup_actor_totals_daily, audit_rollup_actor_totals_weekly TO hr_runtime;

-- Statistics for the word index's expression (20261202000000): free text asks the
-- planner how many entries a search will match before choosing how to look
-- (lib/audit/search/query.ts). Autovacuum would gather them only after enough new rows.
ANALYZE audit_logs;
