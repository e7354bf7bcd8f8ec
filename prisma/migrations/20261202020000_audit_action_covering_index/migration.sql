-- The top actors of a chart filtered by action (`action:leave_request.*`) cannot come
-- from the actor rollups, which keep no action: they are counted from the entries.
-- With the actor's name and role in the action index, that count is an index-only
-- scan of the matching range instead of a heap visit per entry (bench:search, 90 days
-- at ten million entries: 2.2 s before). They are key columns rather than INCLUDE
-- ones because schema.prisma can only say so.
DROP INDEX audit_logs_action_type_event_timestamp_idx;
CREATE INDEX audit_logs_action_type_event_timestamp_user_name_user_role_idx ON audit_logs (action_type, event_timestamp DESC, user_name, user_role);
