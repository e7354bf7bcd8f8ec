import { describe, expect, expectTypeOf, it } from "vitest";
import { alertEmailSubject } from "@/lib/email/alert-email";
import { AlertSeverity as PrismaAlertSeverity, AlertType as PrismaAlertType } from "@/lib/generated/prisma/enums";
import { userChannel } from "@/lib/realtime/channels";
import { realtimeMessageSchema } from "@/lib/realtime/message";
import {
  ALERT_CREATED, ALERT_PAYLOAD_VERSION, ALERT_TYPES, alertEmailPayloadSchema, alertRealtimeDataSchema, BASE_SEVERITY, isAlertEmailTopic, nextSeverity,
  reachesSecondLevel, SCAN_TYPES, SEVERITIES, type AlertEmailPayload, type AlertRealtimeData, type AlertSeverity, type AlertType,
} from "./contract";
import { ALERT_TYPE_LABELS, SEVERITY_LABELS } from "./labels";

const ALERT_ID = "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";
const USER_ID = "0193a1b2-c3d4-7e5f-8a9b-ffffffffffff";

// What the raising SQL writes for one alert (jsonb prints a timestamptz with its offset).
const emailRow = (type: string, severity: string) => ({
  version: 1, alertId: ALERT_ID, to: "rania@example.com", recipientName: "Rania Recipient", type, severity,
  subjectLabel: "Sami Subject", entityLabel: "Attendance from 11 Mar 2026, 10:00 PKT", message: "Sami checked in.", createdAt: "2026-03-11T05:00:00.123+00:00",
});
const realtimeData = (type: string, severity: string) => ({ version: 1, alertId: ALERT_ID, type, severity, subjectLabel: "Sami Subject", createdAt: "2026-03-11T05:00:00.123+00:00" });

describe("every alert type of the database enum", () => {
  // Iterates Prisma's enum, not the contract's list: a type added to the schema and left
  // out of a payload schema, a label or a base severity fails here, not in the outbox.
  it.each(Object.values(PrismaAlertType))("%s travels through the email and realtime payloads", (type) => {
    for (const severity of Object.values(PrismaAlertSeverity)) {
      const email = alertEmailPayloadSchema.parse(emailRow(type, severity));
      expect(email.type).toBe(type);
      expect(alertEmailSubject(email)).toBe(`[${SEVERITY_LABELS[severity]}] ${ALERT_TYPE_LABELS[type]}: Sami Subject`);
      expect(ALERT_TYPE_LABELS[type]).toMatch(/^[A-Z]/);
      const message = realtimeMessageSchema.parse({ channel: userChannel(USER_ID), event: ALERT_CREATED, data: realtimeData(type, severity) });
      expect(alertRealtimeDataSchema.parse({ ...message.data, eventId: "outbox-row" })).toMatchObject({ type, severity, alertId: ALERT_ID });
    }
    expect(SEVERITIES).toContain(BASE_SEVERITY[type]);
    expect(ALERT_TYPES).toContain(type);
  });

  it("is what the payload types and the contract's lists name, at compile time too", () => {
    expectTypeOf<AlertEmailPayload["type"]>().toEqualTypeOf<PrismaAlertType>();
    expectTypeOf<AlertRealtimeData["type"]>().toEqualTypeOf<PrismaAlertType>();
    expectTypeOf<AlertEmailPayload["severity"]>().toEqualTypeOf<PrismaAlertSeverity>();
    expectTypeOf<AlertRealtimeData["severity"]>().toEqualTypeOf<PrismaAlertSeverity>();
    expectTypeOf<AlertType>().toEqualTypeOf<PrismaAlertType>();
    expectTypeOf<AlertSeverity>().toEqualTypeOf<PrismaAlertSeverity>();
    // A per-type table that leaves a type out does not compile.
    // @ts-expect-error unacknowledged_announcement is missing
    const partial: Record<AlertType, string> = { missing_checkout: "", overdue_task: "", idle_after_checkin: "", approval_delay: "", workload_overload: "", audit_anomaly: "", stream_failing: "" };
    expect(Object.keys(partial)).toHaveLength(ALERT_TYPES.length - 1);
    expect(ALERT_TYPES).toEqual(Object.values(PrismaAlertType));
    expect(SCAN_TYPES).toEqual(ALERT_TYPES.filter((t) => t !== "audit_anomaly" && t !== "stream_failing"));
  });

  it("refuses a type the enum does not have", () => {
    expect(alertEmailPayloadSchema.safeParse(emailRow("coffee_break", "low")).success).toBe(false);
    expect(alertRealtimeDataSchema.safeParse(realtimeData("coffee_break", "low")).success).toBe(false);
  });
});

describe("payload versions", () => {
  it("reads rows written before payloads had a version as version 1, and refuses a version it does not know", () => {
    const unversioned = { ...emailRow("missing_checkout", "high"), version: undefined };
    expect(alertEmailPayloadSchema.parse(unversioned)).toMatchObject({ version: ALERT_PAYLOAD_VERSION, createdAt: new Date("2026-03-11T05:00:00.123Z") });
    expect(alertRealtimeDataSchema.parse({ ...realtimeData("overdue_task", "medium"), version: undefined }).version).toBe(1);
    expect(alertEmailPayloadSchema.safeParse({ ...unversioned, version: 2 }).success).toBe(false);
  });

  it("delivers alert emails under the one topic and under the spelling older rows carry", () => {
    expect(isAlertEmailTopic(ALERT_CREATED)).toBe(true);
    expect(isAlertEmailTopic("alert.created")).toBe(true);
    expect(isAlertEmailTopic("announcement_created")).toBe(false);
  });
});

describe("severity", () => {
  it("follows the spec and escalates one level up to critical", () => {
    expect(BASE_SEVERITY).toMatchObject({ overdue_task: "medium", approval_delay: "medium", missing_checkout: "high", idle_after_checkin: "high", workload_overload: "critical" });
    expect(SEVERITIES.map((s) => nextSeverity(s))).toEqual(["medium", "high", "critical", "critical"]);
    expect(reachesSecondLevel("medium")).toBe(false);
    expect(reachesSecondLevel("high")).toBe(true);
  });

  it("climbs in the database enum's order (ORDER BY severity relies on it)", () => {
    expect([...SEVERITIES]).toEqual(Object.values(PrismaAlertSeverity));
  });
});
