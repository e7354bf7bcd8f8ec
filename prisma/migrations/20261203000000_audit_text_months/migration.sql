-- Free text over months that have ended (lib/audit/search/text-months.ts). Two words
-- that are each in a tenth of the entries but never in the same one make the word
-- index intersect two long lists in full, month after month, to prove there is
-- nothing (about 10 ms a month at 1.6 million entries a month, whatever the index
-- type: the GIN scan itself is the floor). A month that has ended does not change, so
-- its answer to "which common words appear together" can be counted once:
--
--   audit_text_months  one row per sealed partition: its entries, and its identity (relid),
--   audit_text_words   the partition's common words (in 1 entry of 500, and 1,000 at least),
--   audit_text_pairs   for each two common words, how many entries hold both (only > 0).
--
-- A search whose words include two common words that no entry of a sealed month holds
-- together leaves that month out (the partition is pruned); a search can also tell
-- from the counts whether its words are likely to fill a page among the newest entries.
-- The counts only ever exclude months that cannot match, never decide a match: every
-- candidate is still checked by the word index and the exact text.
--
-- Sealed stays true: an entry that lands in a sealed partition after all (nothing
-- writes to a past month, but nothing is assumed) deletes the partition's counts in the
-- same transaction (trigger audit_text_unseal), and the month is searched in full
-- until it is sealed again. Counts of a partition that was archived and dropped are
-- never used (the search joins on pg_inherits by the partition's oid). Derived, not
-- evidence: written only by these definer functions; the app's role reads them.
CREATE TABLE audit_text_months (
  partition   text PRIMARY KEY,
  relid       oid NOT NULL UNIQUE,
  range_start timestamptz NOT NULL,
  range_end   timestamptz NOT NULL,
  entries     bigint NOT NULL,
  min_entries integer NOT NULL,
  sealed_at   timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE TABLE audit_text_words (
  partition text NOT NULL REFERENCES audit_text_months (partition) ON DELETE CASCADE,
  word      text NOT NULL,
  entries   bigint NOT NULL,
  PRIMARY KEY (partition, word)
);
CREATE TABLE audit_text_pairs (
  partition text NOT NULL REFERENCES audit_text_months (partition) ON DELETE CASCADE,
  word_a    text NOT NULL,
  word_b    text NOT NULL,
  entries   bigint NOT NULL,
  PRIMARY KEY (partition, word_a, word_b),
  CHECK (word_a < word_b)
);
REVOKE ALL ON audit_text_months, audit_text_words, audit_text_pairs FROM PUBLIC;
GRANT SELECT ON audit_text_months, audit_text_words, audit_text_pairs TO hr_runtime;

-- An insert into a sealed partition unseals it, in the inserting transaction.
CREATE FUNCTION audit_text_unseal() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  DELETE FROM audit_text_months WHERE relid = TG_RELID;
  RETURN NULL;
END $$;
REVOKE EXECUTE ON FUNCTION audit_text_unseal() FROM PUBLIC;

-- Where a monthly partition's month starts, from its name (audit_logs_pYYYYMM, UTC
-- months, as audit_ensure_partition names them); null for any other name. The seal
-- functions and the search (which partitions a search may name) read months this way.
CREATE FUNCTION audit_partition_start(p_name text) RETURNS timestamptz
LANGUAGE sql STABLE PARALLEL SAFE STRICT
RETURN CASE WHEN p_name ~ '^audit_logs_p[0-9]{6}$'
            THEN make_timestamptz(substr(p_name, 13, 4)::int, substr(p_name, 17, 2)::int, 1, 0, 0, 0, 'UTC') END;
REVOKE ALL ON FUNCTION audit_partition_start(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit_partition_start(text) TO hr_runtime;

-- Counts one partition's common words and their pairs. The owner's (and the due
-- function's): it takes a SHARE lock on the partition while it counts, so writes to
-- it wait; it reads the partition once (about half a minute at 1.6 million entries).
CREATE FUNCTION audit_text_seal(p_partition text, p_min_entries integer DEFAULT 1000, p_max_words integer DEFAULT 120) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  part regclass;
  lo timestamptz;
  n bigint;
  words text[];
  frac numeric;
  common bigint;
  pairs integer := 0;
  body constant text := $b$audit_search_words(action_description || ' ' || object_name || ' ' || user_name)$b$;
BEGIN
  lo := audit_partition_start(p_partition);
  IF lo IS NULL THEN
    RAISE EXCEPTION 'audit_text_seal: % is not an audit partition name', p_partition USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF p_min_entries IS NULL OR p_min_entries < 1 OR p_max_words IS NULL OR p_max_words NOT BETWEEN 0 AND 1000 THEN
    RAISE EXCEPTION 'audit_text_seal: min_entries must be at least 1 and max_words 0 to 1000' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  part := to_regclass(quote_ident(p_partition));
  IF part IS NULL OR NOT EXISTS (SELECT 1 FROM pg_inherits WHERE inhrelid = part AND inhparent = 'audit_logs'::regclass) THEN
    RAISE EXCEPTION 'audit_text_seal: % is not an attached audit partition', p_partition USING ERRCODE = 'invalid_parameter_value';
  END IF;
  -- Nothing lands in the partition while it is counted; whatever lands later unseals it.
  EXECUTE format('LOCK TABLE %I IN SHARE MODE', p_partition);
  DELETE FROM audit_text_months WHERE partition = p_partition;
  EXECUTE format('SELECT count(*) FROM %I', p_partition) INTO n;
  -- Common: in at least p_min_entries entries and one in 500 of the month's. Rarer
  -- words are cheap for the word index (the short list drives), so only these pairs
  -- are worth counting.
  common := greatest(p_min_entries, n / 500);
  INSERT INTO audit_text_months (partition, relid, range_start, range_end, entries, min_entries)
  VALUES (p_partition, part, lo, lo + interval '1 month', n, common);
  IF n >= common AND p_max_words > 0 THEN
    -- The common words, from a sample of at most about 200,000 entries: which words
    -- get their pairs counted needs no exact count (the pairs below are exact).
    frac := least(1.0, 200000.0 / n);
    EXECUTE format(
      'INSERT INTO audit_text_words (partition, word, entries) SELECT %L, word, round(ndoc / %s) FROM ts_stat(%L) WHERE ndoc >= %s ORDER BY ndoc DESC, word LIMIT %s',
      p_partition, frac, format('SELECT %s FROM %I TABLESAMPLE BERNOULLI (%s) REPEATABLE (1)', body, p_partition, frac * 100),
      greatest(1, floor(common * frac)), p_max_words);
    SELECT array_agg(word ORDER BY word) INTO words FROM audit_text_words WHERE partition = p_partition;
    -- One pass: each entry's common words (setweight marks them, ts_filter keeps
    -- them; in sorted order), counted per distinct set, then expanded into pairs.
    EXECUTE format(
      $q$INSERT INTO audit_text_pairs (partition, word_a, word_b, entries)
         SELECT %L, a.w, b.w, sum(s.n)
           FROM (SELECT tsvector_to_array(ts_filter(setweight(%s, 'A', $1), '{a}')) AS ws, count(*) AS n FROM %I GROUP BY 1) s,
                unnest(s.ws) a(w), unnest(s.ws) b(w)
          WHERE a.w < b.w
          GROUP BY a.w, b.w$q$,
      p_partition, body, p_partition) USING words;
    GET DIAGNOSTICS pairs = ROW_COUNT;
  END IF;
  EXECUTE format('CREATE OR REPLACE TRIGGER audit_text_unseal AFTER INSERT ON %I FOR EACH ROW EXECUTE FUNCTION audit_text_unseal()', p_partition);
  RETURN pairs;
END $$;
REVOKE EXECUTE ON FUNCTION audit_text_seal(text, integer, integer) FROM PUBLIC;

-- Seals every attached partition whose month ended more than a day ago and is not
-- sealed yet (audit maintenance calls it; a second caller waits, then finds nothing).
-- Returns how many it sealed.
CREATE FUNCTION audit_text_seal_due() RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  p text;
  n integer := 0;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('audit_text_seal'));
  FOR p IN
    SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent = 'audit_logs'::regclass
       AND NOT EXISTS (SELECT 1 FROM audit_text_months m WHERE m.relid = c.oid)
       AND audit_partition_start(c.relname) + interval '1 month' <= clock_timestamp() - interval '1 day'
     ORDER BY c.relname
  LOOP
    PERFORM audit_text_seal(p);
    n := n + 1;
  END LOOP;
  RETURN n;
END $$;
REVOKE EXECUTE ON FUNCTION audit_text_seal_due() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit_text_seal_due() TO hr_runtime;
