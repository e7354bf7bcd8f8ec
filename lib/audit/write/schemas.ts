import { z } from "zod";
import { requestContextSchema } from "@/lib/service-context";

export const AUDIT_EVENT_TYPES = [
  "create", "update", "delete", "read", "login", "logout", "access_denied", "export",
  "import", "approve", "reject", "submit", "cancel", "system", "error", "warning",
] as const;

export const AUDIT_CATEGORIES = [
  "user_management", "employee_data", "payroll", "time_attendance", "performance",
  "learning", "recruitment", "compensation", "benefits", "compliance", "security",
  "system", "data", "reporting", "governance", "announcements", "alerts", "call_recordings",
] as const;

export const RISK_LEVELS = ["low", "medium", "high", "critical"] as const;
export const AUDIT_OUTCOMES = ["success", "failure", "partial", "error", "warning"] as const;

/** 10 MB: the spec's ceiling for one entry. */
export const MAX_ENTRY_BYTES = 10 * 1024 * 1024;

export const auditActorSchema = z.object({
  id: z.uuid().nullable(),
  name: z.string().max(255),
  email: z.string().max(255),
  role: z.string().max(100),
  department: z.string().max(100),
});
export type AuditActor = z.infer<typeof auditActorSchema>;


const snapshot = z.record(z.string(), z.unknown()).nullish();

export const auditEntryInputSchema = z.object({
  eventType: z.enum(AUDIT_EVENT_TYPES),
  category: z.enum(AUDIT_CATEGORIES),
  actionType: z
    .string()
    .regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/, "action_type must look like entity.verb"),
  description: z.string().min(1).max(2000),
  module: z.string().min(1).max(100).optional(),
  actor: auditActorSchema,
  context: requestContextSchema.optional(),
  object: z.object({
    type: z.string().min(1).max(100),
    id: z.string().max(100).optional(),
    name: z.string().max(255).optional(),
  }),
  subjectUserId: z.uuid().nullish(),
  before: snapshot,
  after: snapshot,
  status: z.enum(AUDIT_OUTCOMES).optional(),
  errorMessage: z.string().max(4000).optional(),
  errorCode: z.string().max(50).optional(),
  responseStatus: z.number().int().min(100).max(599).optional(),
  riskLevel: z.enum(RISK_LEVELS).optional(),
  isSensitive: z.boolean().optional(),
  isComplianceRelated: z.boolean().optional(),
  retentionMonths: z
    .number()
    .int()
    .min(12, "Retention period must be between 12 and 120 months")
    .max(120, "Retention period must be between 12 and 120 months")
    .optional(),
  additionalData: z.record(z.string(), z.unknown()).optional(),
  /**
   * Field names this entry marks sensitive beyond the standing rule (rules.ts), e.g. a
   * sick-leave reason: masked in old/new values and additional data alike.
   */
  sensitiveFields: z.array(z.string().min(1).max(100)).max(50).optional(),
  tags: z.array(z.string().max(100)).max(50).optional(),
});
export type AuditEntryInput = z.input<typeof auditEntryInputSchema>;
