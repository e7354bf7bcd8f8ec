-- Search at ten million entries (lib/audit/search/query.ts):
-- `actor:` matches the name or email recorded on the entry, ignoring case, newest first;
-- free text matches descriptions, record names and actor names anywhere in the text, so
-- a trigram index (pg_trgm, a trusted extension the database owner may create) over
-- the three joined finds the candidate rows, and each column is then checked exactly.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX audit_logs_actor_email_idx ON audit_logs (lower(user_email), event_timestamp DESC);
CREATE INDEX audit_logs_actor_name_idx ON audit_logs (lower(user_name), event_timestamp DESC);
CREATE INDEX audit_logs_text_trgm_idx ON audit_logs USING gin ((action_description || ' ' || object_name || ' ' || user_name) gin_trgm_ops);
