-- Free text by words (lib/audit/search/query.ts). The trigram index of 20261130050000
-- answered a search in seconds at ten million entries whenever a term shared trigrams
-- with most entries ("Record 12345", "Person 1234": every entry names a record and a
-- person): GIN must walk each trigram's whole posting list. Words do better: the
-- rare word's short list drives and the common word's list is skipped through.
--
-- The words are the joined text with ASCII letters lowercased and every run of other
-- characters made a space, so `leave_request.approved` is three words and an email
-- splits at @ and dots. The search splits its terms the same way (searchWords), asks
-- for each word whole (or as a prefix, `pay*`), then checks the term's exact text
-- (ILIKE) on the few candidates, so the index only ever narrows, never decides.
CREATE FUNCTION audit_search_words(body text) RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  RETURN to_tsvector('simple'::regconfig, regexp_replace(lower(body COLLATE "C"), '[^a-z0-9]+', ' ', 'g'));
REVOKE ALL ON FUNCTION audit_search_words(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit_search_words(text) TO hr_runtime;

CREATE INDEX audit_logs_text_words_idx ON audit_logs USING gin (audit_search_words(action_description || ' ' || object_name || ' ' || user_name));
DROP INDEX audit_logs_text_trgm_idx;
