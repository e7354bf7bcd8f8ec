-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('admin', 'hr_operations', 'auditor', 'manager', 'team_lead', 'employee', 'junior_employee', 'intern');

-- CreateEnum
CREATE TYPE "UserStatus" AS ENUM ('active', 'suspended');

-- CreateEnum
CREATE TYPE "TaskStatus" AS ENUM ('TODO', 'IN_PROGRESS', 'COMPLETED', 'REVIEWED');

-- CreateEnum
CREATE TYPE "RequestStatus" AS ENUM ('pending', 'approved', 'rejected', 'cancelled');

-- CreateEnum
CREATE TYPE "LeaveType" AS ENUM ('annual', 'sick', 'casual', 'unpaid');

-- CreateEnum
CREATE TYPE "AlertType" AS ENUM ('missing_checkout', 'overdue_task', 'idle_after_checkin', 'approval_delay', 'workload_overload');

-- CreateEnum
CREATE TYPE "AlertSeverity" AS ENUM ('low', 'medium', 'high', 'critical');

-- CreateEnum
CREATE TYPE "AlertStatus" AS ENUM ('OPEN', 'RESOLVED', 'DISMISSED');

-- CreateEnum
CREATE TYPE "Audience" AS ENUM ('all', 'employee', 'manager', 'admin', 'hr_operations', 'team_lead', 'intern', 'junior_employee');

-- CreateEnum
CREATE TYPE "AuditEventType" AS ENUM ('create', 'update', 'delete', 'read', 'login', 'logout', 'access_denied', 'export', 'import', 'approve', 'reject', 'submit', 'cancel', 'system', 'error', 'warning');

-- CreateEnum
CREATE TYPE "AuditCategory" AS ENUM ('user_management', 'employee_data', 'payroll', 'time_attendance', 'performance', 'learning', 'recruitment', 'compensation', 'benefits', 'compliance', 'security', 'system', 'data', 'reporting', 'governance', 'announcements', 'alerts', 'call_recordings');

-- CreateEnum
CREATE TYPE "RiskLevel" AS ENUM ('low', 'medium', 'high', 'critical');

-- CreateEnum
CREATE TYPE "AuditOutcome" AS ENUM ('success', 'failure', 'partial', 'error', 'warning');

-- CreateEnum
CREATE TYPE "AuthMethod" AS ENUM ('password', 'sso', 'mfa', 'api_key', 'oauth');

-- CreateEnum
CREATE TYPE "LoginStatus" AS ENUM ('success', 'failure', 'locked', 'expired');

-- CreateEnum
CREATE TYPE "AccessType" AS ENUM ('view', 'export', 'print', 'download', 'email', 'api_access', 'report');

-- CreateEnum
CREATE TYPE "DataCategory" AS ENUM ('personal_info', 'financial_data', 'health_data', 'performance_data', 'compensation_data', 'contact_info', 'documents', 'reports', 'analytics', 'system_data');

-- CreateEnum
CREATE TYPE "AccessMethod" AS ENUM ('ui', 'api', 'export', 'report', 'bulk_operation');

-- CreateEnum
CREATE TYPE "SensitivityLevel" AS ENUM ('public', 'internal', 'confidential', 'restricted', 'highly_restricted');

-- CreateEnum
CREATE TYPE "AccessStatus" AS ENUM ('granted', 'denied', 'partial', 'error');

-- CreateTable
CREATE TABLE "departments" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "departments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "users" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "password_hash" TEXT NOT NULL,
    "role" "Role" NOT NULL DEFAULT 'employee',
    "status" "UserStatus" NOT NULL DEFAULT 'active',
    "title" TEXT,
    "manager_id" UUID,
    "department_id" UUID,
    "weekly_capacity_hours" INTEGER NOT NULL DEFAULT 40,
    "failed_login_count" INTEGER NOT NULL DEFAULT 0,
    "locked_until" TIMESTAMPTZ(3),
    "last_login_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "attendance_sessions" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "check_in_at" TIMESTAMPTZ(3) NOT NULL,
    "check_out_at" TIMESTAMPTZ(3),
    "is_manual_edit" BOOLEAN NOT NULL DEFAULT false,
    "edited_by_id" UUID,
    "edit_reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "attendance_sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tasks" (
    "id" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT,
    "assignee_id" UUID NOT NULL,
    "created_by_id" UUID,
    "due_date" TIMESTAMPTZ(3) NOT NULL,
    "status" "TaskStatus" NOT NULL DEFAULT 'TODO',
    "estimate_minutes" INTEGER NOT NULL DEFAULT 60,
    "started_at" TIMESTAMPTZ(3),
    "completed_at" TIMESTAMPTZ(3),
    "reviewed_at" TIMESTAMPTZ(3),
    "reviewed_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "tasks_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "time_logs" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "task_id" UUID,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "ended_at" TIMESTAMPTZ(3),
    "note" TEXT,
    "is_manual_edit" BOOLEAN NOT NULL DEFAULT false,
    "edited_by_id" UUID,
    "edit_reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "time_logs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "leave_requests" (
    "id" UUID NOT NULL,
    "requester_id" UUID NOT NULL,
    "type" "LeaveType" NOT NULL,
    "start_date" DATE NOT NULL,
    "end_date" DATE NOT NULL,
    "reason" TEXT NOT NULL,
    "status" "RequestStatus" NOT NULL DEFAULT 'pending',
    "approver_id" UUID,
    "decision_reason" TEXT,
    "decided_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "leave_requests_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "project_requests" (
    "id" UUID NOT NULL,
    "requester_id" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "status" "RequestStatus" NOT NULL DEFAULT 'pending',
    "approver_id" UUID,
    "decision_reason" TEXT,
    "decided_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "project_requests_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alerts" (
    "id" UUID NOT NULL,
    "type" "AlertType" NOT NULL,
    "severity" "AlertSeverity" NOT NULL,
    "status" "AlertStatus" NOT NULL DEFAULT 'OPEN',
    "recipient_user_id" UUID NOT NULL,
    "subject_user_id" UUID,
    "subject_label" TEXT NOT NULL,
    "entity_type" TEXT NOT NULL,
    "entity_id" TEXT NOT NULL,
    "entity_label" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "dedupe_key" TEXT NOT NULL,
    "details" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolved_at" TIMESTAMPTZ(3),
    "resolved_by_id" UUID,
    "dismissed_at" TIMESTAMPTZ(3),
    "emailed_at" TIMESTAMPTZ(3),

    CONSTRAINT "alerts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "announcements" (
    "id" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "audience" "Audience" NOT NULL DEFAULT 'all',
    "start_date" TIMESTAMPTZ(3) NOT NULL,
    "end_date" TIMESTAMPTZ(3) NOT NULL,
    "is_active" BOOLEAN NOT NULL DEFAULT true,
    "created_by_id" UUID,
    "created_by_name" TEXT NOT NULL,
    "archived_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "announcements_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "announcement_reads" (
    "announcement_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "read_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "announcement_reads_pkey" PRIMARY KEY ("announcement_id","user_id")
);

-- CreateTable
CREATE TABLE "settings" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updated_by_id" UUID,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "settings_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "outbox_messages" (
    "id" UUID NOT NULL,
    "channel" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,

    CONSTRAINT "outbox_messages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_logs" (
    "id" UUID NOT NULL,
    "event_timestamp" TIMESTAMPTZ(3) NOT NULL DEFAULT clock_timestamp(),
    "event_type" "AuditEventType" NOT NULL,
    "event_category" "AuditCategory" NOT NULL,
    "action_type" TEXT NOT NULL,
    "action_description" TEXT NOT NULL,
    "module_name" TEXT NOT NULL,
    "user_id" UUID,
    "user_name" TEXT NOT NULL DEFAULT '',
    "user_email" TEXT NOT NULL DEFAULT '',
    "user_role" TEXT NOT NULL DEFAULT '',
    "user_department" TEXT NOT NULL DEFAULT '',
    "session_id" TEXT NOT NULL DEFAULT '',
    "ip_address" TEXT,
    "user_agent" TEXT NOT NULL DEFAULT '',
    "object_type" TEXT NOT NULL,
    "object_id" TEXT NOT NULL DEFAULT '',
    "object_name" TEXT NOT NULL DEFAULT '',
    "subject_user_id" UUID,
    "old_values" JSONB NOT NULL DEFAULT '{}',
    "new_values" JSONB NOT NULL DEFAULT '{}',
    "changed_fields" JSONB NOT NULL DEFAULT '[]',
    "request_method" TEXT NOT NULL DEFAULT '',
    "request_path" TEXT NOT NULL DEFAULT '',
    "response_status" INTEGER,
    "risk_level" "RiskLevel" NOT NULL DEFAULT 'low',
    "is_sensitive" BOOLEAN NOT NULL DEFAULT false,
    "is_compliance_related" BOOLEAN NOT NULL DEFAULT false,
    "status" "AuditOutcome" NOT NULL DEFAULT 'success',
    "error_message" TEXT NOT NULL DEFAULT '',
    "error_code" TEXT NOT NULL DEFAULT '',
    "additional_data" JSONB NOT NULL DEFAULT '{}',
    "tags" JSONB NOT NULL DEFAULT '[]',
    "retention_months" INTEGER NOT NULL DEFAULT 84,
    "chain_id" SMALLINT NOT NULL,
    "chain_seq" BIGINT NOT NULL,
    "content_hash" BYTEA NOT NULL,
    "entry_hash" BYTEA NOT NULL,

    CONSTRAINT "audit_logs_pkey" PRIMARY KEY ("id","event_timestamp"),
    CONSTRAINT "audit_logs_retention_range" CHECK ("retention_months" BETWEEN 12 AND 120)
) PARTITION BY RANGE ("event_timestamp");

-- CreateTable
CREATE TABLE "audit_chain_heads" (
    "chain_id" SMALLINT NOT NULL,
    "last_seq" BIGINT NOT NULL DEFAULT 0,
    "last_hash" BYTEA NOT NULL,
    "last_ts" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "audit_chain_heads_pkey" PRIMARY KEY ("chain_id")
);

-- CreateTable
CREATE TABLE "audit_checkpoints" (
    "id" BIGSERIAL NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "heads" JSONB NOT NULL,
    "total_entries" BIGINT NOT NULL,
    "key_id" TEXT NOT NULL,
    "signature" TEXT NOT NULL,

    CONSTRAINT "audit_checkpoints_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_archives" (
    "id" BIGSERIAL NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "partition" TEXT NOT NULL,
    "range_start" TIMESTAMPTZ(6) NOT NULL,
    "range_end" TIMESTAMPTZ(6) NOT NULL,
    "row_count" BIGINT NOT NULL,
    "file_path" TEXT NOT NULL,
    "file_sha256" TEXT NOT NULL,
    "chain_ends" JSONB NOT NULL,
    "key_id" TEXT NOT NULL,
    "signature" TEXT NOT NULL,

    CONSTRAINT "audit_archives_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_sessions" (
    "id" UUID NOT NULL,
    "session_id" TEXT NOT NULL,
    "user_id" UUID,
    "user_name" TEXT NOT NULL,
    "user_email" TEXT NOT NULL,
    "login_time" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "logout_time" TIMESTAMPTZ(3),
    "session_duration_seconds" INTEGER,
    "last_activity_time" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ip_address" TEXT NOT NULL DEFAULT '',
    "user_agent" TEXT NOT NULL DEFAULT '',
    "device_type" TEXT NOT NULL DEFAULT '',
    "browser_info" TEXT NOT NULL DEFAULT '',
    "location" TEXT NOT NULL DEFAULT '',
    "authentication_method" "AuthMethod" NOT NULL DEFAULT 'password',
    "mfa_verified" BOOLEAN NOT NULL DEFAULT false,
    "login_status" "LoginStatus" NOT NULL,
    "page_views" INTEGER NOT NULL DEFAULT 0,
    "api_calls" INTEGER NOT NULL DEFAULT 0,
    "data_access_count" INTEGER NOT NULL DEFAULT 0,
    "data_modification_count" INTEGER NOT NULL DEFAULT 0,
    "is_suspicious" BOOLEAN NOT NULL DEFAULT false,
    "risk_score" INTEGER NOT NULL DEFAULT 0,
    "security_flags" JSONB NOT NULL DEFAULT '[]',
    "termination_reason" TEXT NOT NULL DEFAULT '',
    "terminated_by" UUID,

    CONSTRAINT "audit_sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "data_access_logs" (
    "id" UUID NOT NULL,
    "audit_log_id" UUID,
    "access_timestamp" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "access_type" "AccessType" NOT NULL,
    "user_id" UUID,
    "user_name" TEXT NOT NULL,
    "user_role" TEXT NOT NULL DEFAULT '',
    "data_category" "DataCategory" NOT NULL,
    "data_type" TEXT NOT NULL,
    "record_count" INTEGER NOT NULL DEFAULT 0,
    "data_fields" JSONB NOT NULL DEFAULT '[]',
    "access_method" "AccessMethod" NOT NULL,
    "access_purpose" TEXT NOT NULL DEFAULT '',
    "search_criteria" JSONB NOT NULL DEFAULT '{}',
    "sensitivity_level" "SensitivityLevel" NOT NULL,
    "is_pii_data" BOOLEAN NOT NULL DEFAULT false,
    "is_phi_data" BOOLEAN NOT NULL DEFAULT false,
    "compliance_flags" JSONB NOT NULL DEFAULT '[]',
    "ip_address" TEXT NOT NULL DEFAULT '',
    "user_agent" TEXT NOT NULL DEFAULT '',
    "session_id" TEXT NOT NULL DEFAULT '',
    "access_status" "AccessStatus" NOT NULL,
    "denial_reason" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "data_access_logs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_alerts" (
    "id" UUID NOT NULL,
    "alert_type" TEXT NOT NULL,
    "alert_message" TEXT NOT NULL,
    "alert_severity" "AlertSeverity" NOT NULL,
    "is_resolved" BOOLEAN NOT NULL DEFAULT false,
    "details" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolved_at" TIMESTAMPTZ(3),

    CONSTRAINT "audit_alerts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_reports" (
    "id" UUID NOT NULL,
    "report_name" TEXT NOT NULL,
    "report_type" TEXT NOT NULL,
    "report_data" JSONB NOT NULL DEFAULT '{}',
    "generated_by_id" UUID,
    "generated_by_name" TEXT NOT NULL DEFAULT '',
    "generated_date" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_reports_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "departments_name_key" ON "departments"("name");

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateIndex
CREATE INDEX "users_manager_id_idx" ON "users"("manager_id");

-- CreateIndex
CREATE INDEX "users_department_id_idx" ON "users"("department_id");

-- CreateIndex
CREATE INDEX "users_role_idx" ON "users"("role");

-- CreateIndex
CREATE INDEX "attendance_sessions_user_id_check_in_at_idx" ON "attendance_sessions"("user_id", "check_in_at");

-- CreateIndex
CREATE INDEX "attendance_sessions_check_in_at_idx" ON "attendance_sessions"("check_in_at");

-- CreateIndex
CREATE UNIQUE INDEX "attendance_sessions_one_open_per_user" ON "attendance_sessions"("user_id") WHERE (check_out_at IS NULL);

-- CreateIndex
CREATE INDEX "tasks_assignee_id_status_idx" ON "tasks"("assignee_id", "status");

-- CreateIndex
CREATE INDEX "tasks_status_due_date_idx" ON "tasks"("status", "due_date");

-- CreateIndex
CREATE INDEX "time_logs_user_id_started_at_idx" ON "time_logs"("user_id", "started_at");

-- CreateIndex
CREATE INDEX "time_logs_task_id_idx" ON "time_logs"("task_id");

-- CreateIndex
CREATE UNIQUE INDEX "time_logs_one_running_per_user" ON "time_logs"("user_id") WHERE (ended_at IS NULL);

-- CreateIndex
CREATE INDEX "leave_requests_requester_id_start_date_idx" ON "leave_requests"("requester_id", "start_date");

-- CreateIndex
CREATE INDEX "leave_requests_status_created_at_idx" ON "leave_requests"("status", "created_at");

-- CreateIndex
CREATE INDEX "project_requests_requester_id_idx" ON "project_requests"("requester_id");

-- CreateIndex
CREATE INDEX "project_requests_status_created_at_idx" ON "project_requests"("status", "created_at");

-- CreateIndex
CREATE INDEX "alerts_recipient_user_id_created_at_idx" ON "alerts"("recipient_user_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "alerts_status_type_idx" ON "alerts"("status", "type");

-- CreateIndex
CREATE UNIQUE INDEX "alerts_one_open_per_condition" ON "alerts"("dedupe_key", "recipient_user_id") WHERE (status = 'OPEN');

-- CreateIndex
CREATE INDEX "announcements_is_active_audience_start_date_end_date_idx" ON "announcements"("is_active", "audience", "start_date", "end_date");

-- CreateIndex
CREATE INDEX "announcement_reads_user_id_idx" ON "announcement_reads"("user_id");

-- CreateIndex
CREATE INDEX "outbox_messages_sent_at_created_at_idx" ON "outbox_messages"("sent_at", "created_at");

-- CreateIndex
CREATE INDEX "audit_logs_event_timestamp_idx" ON "audit_logs"("event_timestamp" DESC);

-- CreateIndex
CREATE INDEX "audit_logs_user_id_event_timestamp_idx" ON "audit_logs"("user_id", "event_timestamp" DESC);

-- CreateIndex
CREATE INDEX "audit_logs_subject_user_id_event_timestamp_idx" ON "audit_logs"("subject_user_id", "event_timestamp" DESC);

-- CreateIndex
CREATE INDEX "audit_logs_action_type_event_timestamp_idx" ON "audit_logs"("action_type", "event_timestamp" DESC);

-- CreateIndex
CREATE INDEX "audit_logs_object_type_object_id_event_timestamp_idx" ON "audit_logs"("object_type", "object_id", "event_timestamp" DESC);

-- CreateIndex
CREATE INDEX "audit_logs_event_category_risk_level_event_timestamp_idx" ON "audit_logs"("event_category", "risk_level", "event_timestamp" DESC);

-- CreateIndex
CREATE INDEX "audit_logs_chain_id_chain_seq_idx" ON "audit_logs"("chain_id", "chain_seq");

-- CreateIndex
CREATE UNIQUE INDEX "audit_archives_partition_key" ON "audit_archives"("partition");

-- CreateIndex
CREATE UNIQUE INDEX "audit_sessions_session_id_key" ON "audit_sessions"("session_id");

-- CreateIndex
CREATE INDEX "audit_sessions_user_id_login_time_idx" ON "audit_sessions"("user_id", "login_time" DESC);

-- CreateIndex
CREATE INDEX "audit_sessions_login_time_idx" ON "audit_sessions"("login_time" DESC);

-- CreateIndex
CREATE INDEX "audit_sessions_ip_address_idx" ON "audit_sessions"("ip_address");

-- CreateIndex
CREATE INDEX "data_access_logs_user_id_access_timestamp_idx" ON "data_access_logs"("user_id", "access_timestamp" DESC);

-- CreateIndex
CREATE INDEX "data_access_logs_access_timestamp_idx" ON "data_access_logs"("access_timestamp" DESC);

-- CreateIndex
CREATE INDEX "data_access_logs_data_category_access_timestamp_idx" ON "data_access_logs"("data_category", "access_timestamp" DESC);

-- CreateIndex
CREATE INDEX "audit_alerts_is_resolved_created_at_idx" ON "audit_alerts"("is_resolved", "created_at" DESC);

-- CreateIndex
CREATE INDEX "audit_reports_generated_date_idx" ON "audit_reports"("generated_date" DESC);

-- AddForeignKey
ALTER TABLE "users" ADD CONSTRAINT "users_manager_id_fkey" FOREIGN KEY ("manager_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "users" ADD CONSTRAINT "users_department_id_fkey" FOREIGN KEY ("department_id") REFERENCES "departments"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "attendance_sessions" ADD CONSTRAINT "attendance_sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "attendance_sessions" ADD CONSTRAINT "attendance_sessions_edited_by_id_fkey" FOREIGN KEY ("edited_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_assignee_id_fkey" FOREIGN KEY ("assignee_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_reviewed_by_id_fkey" FOREIGN KEY ("reviewed_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "time_logs" ADD CONSTRAINT "time_logs_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "time_logs" ADD CONSTRAINT "time_logs_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "tasks"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "time_logs" ADD CONSTRAINT "time_logs_edited_by_id_fkey" FOREIGN KEY ("edited_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "leave_requests" ADD CONSTRAINT "leave_requests_requester_id_fkey" FOREIGN KEY ("requester_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "leave_requests" ADD CONSTRAINT "leave_requests_approver_id_fkey" FOREIGN KEY ("approver_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "project_requests" ADD CONSTRAINT "project_requests_requester_id_fkey" FOREIGN KEY ("requester_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "project_requests" ADD CONSTRAINT "project_requests_approver_id_fkey" FOREIGN KEY ("approver_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_recipient_user_id_fkey" FOREIGN KEY ("recipient_user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_subject_user_id_fkey" FOREIGN KEY ("subject_user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_resolved_by_id_fkey" FOREIGN KEY ("resolved_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "announcements" ADD CONSTRAINT "announcements_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "announcement_reads" ADD CONSTRAINT "announcement_reads_announcement_id_fkey" FOREIGN KEY ("announcement_id") REFERENCES "announcements"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "announcement_reads" ADD CONSTRAINT "announcement_reads_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "settings" ADD CONSTRAINT "settings_updated_by_id_fkey" FOREIGN KEY ("updated_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_reports" ADD CONSTRAINT "audit_reports_generated_by_id_fkey" FOREIGN KEY ("generated_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- ─── Audit trail: partitions, immutability, chain heads ────────────────────
-- Written by hand below the generated DDL; Prisma does not model these objects.

-- Rows are rejected, never silently skipped: any UPDATE, DELETE or TRUNCATE fails.
CREATE FUNCTION audit_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit table "%" is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege',
          HINT = 'Audit rows leave the database only through the retention archive step.';
END $$;

-- Audit sessions are closed and their counters move, but who, when and from where
-- never change, a closed session is never reopened, and none is ever deleted.
CREATE FUNCTION audit_sessions_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND
     (NEW.id, NEW.session_id, NEW.user_id, NEW.user_name, NEW.user_email, NEW.login_time,
      NEW.ip_address, NEW.user_agent, NEW.authentication_method, NEW.login_status)
     IS NOT DISTINCT FROM
     (OLD.id, OLD.session_id, OLD.user_id, OLD.user_name, OLD.user_email, OLD.login_time,
      OLD.ip_address, OLD.user_agent, OLD.authentication_method, OLD.login_status)
     AND (OLD.logout_time IS NULL OR NEW.logout_time IS NOT DISTINCT FROM OLD.logout_time) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit session % cannot be changed that way (%)', OLD.session_id, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END $$;

-- A chain head may only move forward.
CREATE FUNCTION audit_chain_heads_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.chain_id = OLD.chain_id AND NEW.last_seq > OLD.last_seq THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit chain head % can only move forward', OLD.chain_id
    USING ERRCODE = 'insufficient_privilege';
END $$;

-- Advances chain `p_chain` by one entry per content hash, under the head's row lock:
-- positions are contiguous, times never go backwards within a chain, and each entry's
-- hash covers the previous entry's hash, its content hash and its time in ms.
CREATE FUNCTION audit_append_chain(p_chain smallint, p_contents bytea[])
RETURNS TABLE (n integer, seq bigint, ts timestamptz, hash bytea) LANGUAGE plpgsql AS $$
DECLARE
  head audit_chain_heads%ROWTYPE;
BEGIN
  SELECT * INTO STRICT head FROM audit_chain_heads WHERE chain_id = p_chain FOR UPDATE;
  ts := greatest(date_trunc('milliseconds', clock_timestamp()), head.last_ts);
  seq := head.last_seq;
  hash := head.last_hash;
  FOR i IN 1 .. coalesce(array_length(p_contents, 1), 0) LOOP
    n := i;
    seq := seq + 1;
    hash := sha256(hash || p_contents[i] || int8send((extract(epoch FROM ts) * 1000)::bigint));
    RETURN NEXT;
  END LOOP;
  UPDATE audit_chain_heads SET last_seq = seq, last_hash = hash, last_ts = ts WHERE chain_id = p_chain;
END $$;

-- Creates the monthly partition holding `month` (any instant in it), with its own
-- TRUNCATE guard: a statement trigger on the parent does not fire for a partition.
CREATE FUNCTION audit_ensure_partition(month timestamptz) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  lo timestamptz := date_trunc('month', month AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
  hi timestamptz := lo + interval '1 month';
  name text := format('audit_logs_p%s', to_char(lo AT TIME ZONE 'UTC', 'YYYYMM'));
BEGIN
  IF to_regclass(name) IS NULL THEN
    EXECUTE format('CREATE TABLE %I PARTITION OF audit_logs FOR VALUES FROM (%L) TO (%L)', name, lo, hi);
    EXECUTE format('CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION audit_reject_change()', name);
    EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON %I FROM PUBLIC', name);
  END IF;
  RETURN name;
END $$;

CREATE FUNCTION audit_ensure_partitions(from_month timestamptz, to_month timestamptz) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  m timestamptz := date_trunc('month', from_month AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
  n integer := 0;
BEGIN
  WHILE m <= to_month LOOP
    PERFORM audit_ensure_partition(m);
    m := m + interval '1 month';
    n := n + 1;
  END LOOP;
  RETURN n;
END $$;

-- A fixed span, so every database built from the migrations is the same; the app
-- creates later months ahead of time (scripts/prepare-db.mjs, lib/audit/partitions.ts).
SELECT audit_ensure_partitions('2026-01-01T00:00:00Z', '2027-12-01T00:00:00Z');

CREATE TRIGGER audit_logs_append_only BEFORE UPDATE OR DELETE ON audit_logs
  FOR EACH ROW EXECUTE FUNCTION audit_reject_change();
CREATE TRIGGER audit_logs_no_truncate BEFORE TRUNCATE ON audit_logs
  FOR EACH STATEMENT EXECUTE FUNCTION audit_reject_change();

CREATE TRIGGER data_access_logs_append_only BEFORE UPDATE OR DELETE ON data_access_logs
  FOR EACH ROW EXECUTE FUNCTION audit_reject_change();
CREATE TRIGGER data_access_logs_no_truncate BEFORE TRUNCATE ON data_access_logs
  FOR EACH STATEMENT EXECUTE FUNCTION audit_reject_change();

CREATE TRIGGER audit_checkpoints_append_only BEFORE UPDATE OR DELETE ON audit_checkpoints
  FOR EACH ROW EXECUTE FUNCTION audit_reject_change();
CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints
  FOR EACH STATEMENT EXECUTE FUNCTION audit_reject_change();

CREATE TRIGGER audit_archives_append_only BEFORE UPDATE OR DELETE ON audit_archives
  FOR EACH ROW EXECUTE FUNCTION audit_reject_change();
CREATE TRIGGER audit_archives_no_truncate BEFORE TRUNCATE ON audit_archives
  FOR EACH STATEMENT EXECUTE FUNCTION audit_reject_change();

CREATE TRIGGER audit_sessions_guard BEFORE UPDATE OR DELETE ON audit_sessions
  FOR EACH ROW EXECUTE FUNCTION audit_sessions_guard();
CREATE TRIGGER audit_sessions_no_truncate BEFORE TRUNCATE ON audit_sessions
  FOR EACH STATEMENT EXECUTE FUNCTION audit_reject_change();

CREATE TRIGGER audit_chain_heads_guard BEFORE UPDATE OR DELETE ON audit_chain_heads
  FOR EACH ROW EXECUTE FUNCTION audit_chain_heads_guard();
CREATE TRIGGER audit_chain_heads_no_truncate BEFORE TRUNCATE ON audit_chain_heads
  FOR EACH STATEMENT EXECUTE FUNCTION audit_reject_change();

-- Roles other than the owner get no way to change audit rows at all.
REVOKE UPDATE, DELETE, TRUNCATE ON audit_logs, data_access_logs, audit_checkpoints, audit_archives FROM PUBLIC;
REVOKE DELETE, TRUNCATE ON audit_sessions, audit_chain_heads FROM PUBLIC;

-- Sixteen independent chains, each starting from a fixed genesis hash (lib/audit/canonical.ts).
INSERT INTO audit_chain_heads (chain_id, last_seq, last_hash, last_ts)
SELECT g, 0, sha256(convert_to('hr-governance-audit-chain:' || g, 'UTF8')), 'epoch'
FROM generate_series(0, 15) AS g;
