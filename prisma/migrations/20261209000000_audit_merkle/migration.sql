-- Merkle tree heads in every checkpoint (issue 21).
--
-- Beside the hash chains, the log is one RFC 9162 Merkle tree: its leaves are the
-- entries' stored hashes (entry_hash), appended checkpoint by checkpoint, and inside
-- one checkpoint's new entries by chain, then position. Every checkpoint from now on
-- signs the tree's size and root (and where the tree starts: merkle_base, each
-- chain's last position archived before the first Merkle checkpoint, or 0).
--
-- audit_merkle_chunks keeps the tree in blocks of 1,024 leaves so proofs need no
-- hashing of their own: a full block holds its 1,024 entry hashes followed by the
-- 1,023 interior node hashes of its subtree, level by level (2,047 × 32 bytes), and
-- its subtree root; the last block, until full, holds only its entry hashes. That is
-- 64 bytes per entry (640 MB at 10 million entries), and it outlives archiving, so an
-- entry still in the database keeps its proof after older months leave.
-- Blocks are written only through audit_merkle_put_chunks (in the checkpoint's
-- transaction), and only ever extended: never changed, never removed.

CREATE TABLE audit_merkle_chunks (
  chunk bigint PRIMARY KEY CHECK (chunk >= 0),
  leaf_count integer NOT NULL CHECK (leaf_count BETWEEN 1 AND 1024),
  root bytea,
  nodes bytea NOT NULL,
  CHECK ((leaf_count < 1024 AND root IS NULL AND length(nodes) = 32 * leaf_count)
      OR (leaf_count = 1024 AND length(root) = 32 AND length(nodes) = 32 * 2047))
);
-- Hashes do not compress; stored uncompressed, a slice can be read without the rest.
ALTER TABLE audit_merkle_chunks ALTER COLUMN nodes SET STORAGE EXTERNAL;

CREATE FUNCTION audit_merkle_chunks_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF NEW.chunk = OLD.chunk AND OLD.leaf_count < 1024 AND NEW.leaf_count > OLD.leaf_count
       AND substring(NEW.nodes FROM 1 FOR length(OLD.nodes)) = OLD.nodes THEN
      RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit Merkle block % can only be extended with new leaves', OLD.chunk USING ERRCODE = 'insufficient_privilege';
  END IF;
  RAISE EXCEPTION 'audit Merkle blocks cannot be removed' USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER audit_merkle_chunks_extend_only BEFORE UPDATE OR DELETE ON audit_merkle_chunks
  FOR EACH ROW EXECUTE FUNCTION audit_merkle_chunks_guard();
CREATE TRIGGER audit_merkle_chunks_no_truncate BEFORE TRUNCATE ON audit_merkle_chunks
  FOR EACH STATEMENT EXECUTE FUNCTION audit_merkle_chunks_guard();

-- Writes blocks (new ones, or the last one extended). Refuses a block that would leave
-- a hole before it.
CREATE FUNCTION audit_merkle_put_chunks(p_chunks bigint[], p_counts integer[], p_roots bytea[], p_nodes bytea[])
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  i integer;
  last_chunk bigint;
  last_count integer;
BEGIN
  IF coalesce(array_length(p_chunks, 1), 0) <> coalesce(array_length(p_counts, 1), 0)
     OR coalesce(array_length(p_chunks, 1), 0) <> coalesce(array_length(p_roots, 1), 0)
     OR coalesce(array_length(p_chunks, 1), 0) <> coalesce(array_length(p_nodes, 1), 0) THEN
    RAISE EXCEPTION 'audit Merkle blocks: the arrays differ in length' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  FOR i IN 1 .. coalesce(array_length(p_chunks, 1), 0) LOOP
    SELECT chunk, leaf_count INTO last_chunk, last_count FROM audit_merkle_chunks ORDER BY chunk DESC LIMIT 1;
    IF FOUND AND p_chunks[i] <> last_chunk AND (p_chunks[i] <> last_chunk + 1 OR last_count < 1024) THEN
      RAISE EXCEPTION 'audit Merkle block % does not follow block % (% leaves)', p_chunks[i], last_chunk, last_count USING ERRCODE = 'invalid_parameter_value';
    ELSIF NOT FOUND AND p_chunks[i] <> 0 THEN
      RAISE EXCEPTION 'audit Merkle blocks start at block 0' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    INSERT INTO audit_merkle_chunks (chunk, leaf_count, root, nodes) VALUES (p_chunks[i], p_counts[i], p_roots[i], p_nodes[i])
    ON CONFLICT (chunk) DO UPDATE SET leaf_count = EXCLUDED.leaf_count, root = EXCLUDED.root, nodes = EXCLUDED.nodes;
  END LOOP;
END $$;

ALTER TABLE audit_checkpoints
  ADD COLUMN merkle_size bigint,
  ADD COLUMN merkle_root text,
  ADD COLUMN merkle_base jsonb,
  ADD CONSTRAINT audit_checkpoints_merkle_whole CHECK ((merkle_size IS NULL) = (merkle_root IS NULL) AND (merkle_root IS NULL) = (merkle_base IS NULL)),
  ADD CONSTRAINT audit_checkpoints_merkle_root_hex CHECK (merkle_root ~ '^[0-9a-f]{64}$');

-- The checkpoint function, now also recording the tree head. Everything it checked
-- before it still checks; in addition: the tree starts where the first Merkle
-- checkpoint said (each chain's newest archived position then, or 0) and never moves,
-- its size is exactly the entries between that start and the heads, and the blocks
-- written hold exactly that many leaves. The root itself is checked by audit:verify,
-- which recomputes it from the stored hashes.
DROP FUNCTION audit_record_checkpoint(jsonb, bigint, timestamptz, text, text, bigint, text, bigint, text, text);
CREATE FUNCTION audit_record_checkpoint(
  p_heads jsonb, p_total bigint, p_created_at timestamptz, p_key_id text, p_algorithm text,
  p_previous_id bigint, p_previous_signature text, p_archive_id bigint, p_archive_signature text, p_signature text,
  p_merkle_size bigint, p_merkle_root text, p_merkle_base jsonb
) RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  prev audit_checkpoints%ROWTYPE;
  merkle_prev audit_checkpoints%ROWTYPE;
  arch audit_archives%ROWTYPE;
  h record;
  stored bytea;
  sum_seq numeric := 0;
  tree_size numeric := 0;
  base_seq bigint;
  expected_base jsonb;
  stored_leaves bigint;
  new_id bigint;
BEGIN
  IF p_algorithm IS DISTINCT FROM 'ed25519' OR coalesce(p_key_id, '') = '' OR coalesce(length(p_signature), 0) NOT BETWEEN 16 AND 512 THEN
    RAISE EXCEPTION 'audit checkpoint: algorithm must be ed25519, with a key id and a signature' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF p_created_at IS NULL OR abs(extract(epoch FROM (p_created_at - clock_timestamp()))) > 300 THEN
    RAISE EXCEPTION 'audit checkpoint: created_at must be the current time' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF p_merkle_size IS NULL OR p_merkle_size < 0 OR coalesce(p_merkle_root, '') !~ '^[0-9a-f]{64}$' OR jsonb_typeof(p_merkle_base) IS DISTINCT FROM 'array' THEN
    RAISE EXCEPTION 'audit checkpoint: a Merkle tree size, root and base are required' USING ERRCODE = 'invalid_parameter_value';
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

  -- Where the tree starts: fixed by the first Merkle checkpoint.
  SELECT * INTO merkle_prev FROM audit_checkpoints WHERE merkle_root IS NOT NULL ORDER BY id DESC LIMIT 1;
  IF FOUND THEN
    expected_base := merkle_prev.merkle_base;
  ELSE
    SELECT coalesce(jsonb_agg(jsonb_build_object('chainId', c.chain_id, 'seq', coalesce(a.seq, 0)::text,
             'hash', coalesce(a.hash, encode(sha256(convert_to('hr-governance-audit-chain:' || c.chain_id, 'UTF8')), 'hex'))) ORDER BY c.chain_id), '[]')
      INTO expected_base
      FROM audit_chain_heads c
      LEFT JOIN LATERAL (
        SELECT (e->>'seq')::bigint AS seq, e->>'hash' AS hash FROM audit_archives x, jsonb_array_elements(x.chain_ends) e
         WHERE (e->>'chainId')::smallint = c.chain_id ORDER BY (e->>'seq')::bigint DESC LIMIT 1) a ON true;
  END IF;
  IF p_merkle_base IS DISTINCT FROM expected_base THEN
    RAISE EXCEPTION 'audit checkpoint: the Merkle tree must start at %', expected_base USING ERRCODE = 'invalid_parameter_value';
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
    SELECT (b->>'seq')::bigint INTO base_seq FROM jsonb_array_elements(expected_base) b WHERE (b->>'chainId')::smallint = h.chain_id;
    IF base_seq IS NULL OR h.seq < base_seq THEN
      RAISE EXCEPTION 'audit checkpoint: chain % position % is before the start of the Merkle tree', h.chain_id, h.seq USING ERRCODE = 'invalid_parameter_value';
    END IF;
    tree_size := tree_size + h.seq - base_seq;
  END LOOP;
  IF p_total IS DISTINCT FROM sum_seq THEN
    RAISE EXCEPTION 'audit checkpoint: total_entries must be the sum of the head positions (%)', sum_seq USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF p_merkle_size IS DISTINCT FROM tree_size THEN
    RAISE EXCEPTION 'audit checkpoint: the Merkle tree holds % entries, not %', tree_size, p_merkle_size USING ERRCODE = 'invalid_parameter_value';
  END IF;
  SELECT coalesce(max(chunk * 1024 + leaf_count), 0) INTO stored_leaves FROM audit_merkle_chunks;
  IF stored_leaves IS DISTINCT FROM p_merkle_size THEN
    RAISE EXCEPTION 'audit checkpoint: the Merkle blocks hold % leaves, not %', stored_leaves, p_merkle_size USING ERRCODE = 'invalid_parameter_value';
  END IF;

  INSERT INTO audit_checkpoints (created_at, heads, total_entries, key_id, algorithm, signature, previous_id, previous_signature, archive_id, archive_signature, merkle_size, merkle_root, merkle_base)
  VALUES (p_created_at, p_heads, p_total, p_key_id, p_algorithm, p_signature, p_previous_id, p_previous_signature, p_archive_id, p_archive_signature, p_merkle_size, p_merkle_root, p_merkle_base)
  RETURNING id INTO new_id;
  RETURN new_id;
END $$;

REVOKE EXECUTE ON FUNCTION audit_record_checkpoint(jsonb, bigint, timestamptz, text, text, bigint, text, bigint, text, text, bigint, text, jsonb),
  audit_merkle_put_chunks(bigint[], integer[], bytea[], bytea[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit_record_checkpoint(jsonb, bigint, timestamptz, text, text, bigint, text, bigint, text, text, bigint, text, jsonb),
  audit_merkle_put_chunks(bigint[], integer[], bytea[], bytea[]) TO hr_runtime;
GRANT SELECT ON audit_merkle_chunks TO hr_runtime;
