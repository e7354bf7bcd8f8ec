-- The live tail (lib/audit/tail/hub.ts) hears each commit of audit entries: every
-- append moves its chain's head, and this trigger NOTIFYs `audit_appended` with the
-- chain. NOTIFY is transactional, so the tail hears it only when the entries are
-- committed and readable, and never for a rolled-back append. The payload says which
-- chain moved; the tail reads the heads itself, so a lost or merged notification
-- (the same payload twice in one transaction is sent once) loses nothing.
CREATE FUNCTION audit_chain_heads_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('audit_appended', NEW.chain_id::text);
  RETURN NULL;
END $$;

CREATE TRIGGER audit_chain_heads_notify
  AFTER UPDATE ON audit_chain_heads
  FOR EACH ROW EXECUTE FUNCTION audit_chain_heads_notify();
