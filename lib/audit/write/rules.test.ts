import { describe, expect, it } from "vitest";
import { diffSnapshots, isComplianceAction, isSecretField, isSensitiveField, MASK, riskLevelFor } from "./rules";

describe("riskLevelFor", () => {
  it.each([
    ["audit.retention_archived", "critical"],
    ["audit.tamper_detected", "critical"],
    ["audit.verification_failed", "critical"],
    ["security.admin_bootstrap", "high"],
    ["security.permissions_seeded", "high"],
    ["auth.locked_out", "high"],
    ["auth.login_suspended", "high"],
    ["user.role_changed", "high"],
    ["user.suspended", "high"],
    ["call_recording.deleted", "high"],
    ["auth.login_failed", "medium"],
    ["user.created", "medium"],
    ["user.activated", "medium"],
    ["attendance_session.edited", "medium"],
    ["time_log.edited", "medium"],
    ["leave_request.approved", "medium"],
    ["project_request.rejected", "medium"],
    ["settings.updated", "medium"],
    ["audit_alert.dismissed", "medium"],
    ["audit_alert.resolved", "low"],
    ["audit_log.exported", "medium"],
    ["call_recording.downloaded", "medium"],
    ["audit.viewed", "low"],
    ["auth.login_succeeded", "low"],
    ["auth.signed_out", "low"],
    ["department.created", "low"],
    ["leave_request.submitted", "low"],
  ] as const)("%s is %s", (action, level) => {
    expect(riskLevelFor(action)).toBe(level);
  });

  it("raises a change to a sensitive field to at least high, never lowers a higher rule", () => {
    expect(riskLevelFor("department.updated", true)).toBe("high");
    expect(riskLevelFor("leave_request.approved", true)).toBe("high");
    expect(riskLevelFor("user.role_changed", true)).toBe("high");
    expect(riskLevelFor("audit.retention_archived", true)).toBe("critical");
  });

  it("matches whole rules only: a look-alike action does not inherit a rule", () => {
    expect(riskLevelFor("auth.locked_out_notice")).toBe("low");
    expect(riskLevelFor("xuser.role_changed")).toBe("low");
    expect(riskLevelFor("user.deleted_draft")).toBe("low");
  });
});

describe("isComplianceAction", () => {
  it.each([
    ["leave_request.approved", true],
    ["project_request.rejected", true],
    ["attendance_session.edited", true],
    ["user.role_changed", true],
    ["security.admin_bootstrap", true],
    ["audit.exported", true],
    ["settings.updated", true],
    ["audit_alert.dismissed", true],
    ["leave_request.submitted", false],
    ["department.created", false],
    ["auth.login_succeeded", false],
  ] as const)("%s → %s", (action, expected) => {
    expect(isComplianceAction(action)).toBe(expected);
  });
});

describe("field classification", () => {
  it.each(["password", "newPassword", "passwordHash", "secret", "clientSecret", "token", "resetToken", "csrfToken", "api_key", "apiKey", "otp", "session_token"])(
    "%s is a secret",
    (field) => expect(isSecretField(field)).toBe(true),
  );
  it.each(["salary", "baseSalary", "bankAccount", "iban", "account_number", "nationalId", "cnic", "ssn", "passportNumber", "taxId", "dateOfBirth", "dob", "medicalNotes", "healthPlan"])(
    "%s is sensitive",
    (field) => expect(isSensitiveField(field)).toBe(true),
  );
  it.each(["name", "email", "title", "status", "role", "weeklyCapacityHours"])("%s is neither secret nor sensitive", (field) => {
    expect(isSecretField(field)).toBe(false);
    expect(isSensitiveField(field)).toBe(false);
  });
});

describe("diffSnapshots", () => {
  it("keeps only changed fields on an update, old → new, in sorted order", () => {
    const d = diffSnapshots(
      { name: "Sara", title: "Analyst", capacity: 40, tags: ["a"], address: { city: "Lahore" } },
      { name: "Sara", title: "Senior Analyst", capacity: 32, tags: ["a"], address: { city: "Karachi" } },
    );
    expect(d.changedFields).toEqual(["address", "capacity", "title"]);
    expect(d.oldValues).toEqual({ address: { city: "Lahore" }, capacity: 40, title: "Analyst" });
    expect(d.newValues).toEqual({ address: { city: "Karachi" }, capacity: 32, title: "Senior Analyst" });
    expect(d.hadSensitive).toBe(false);
  });

  it("keeps the full snapshot on a create and on a delete", () => {
    expect(diffSnapshots(null, { name: "Legal", active: true })).toEqual({
      oldValues: {}, newValues: { name: "Legal", active: true }, changedFields: ["active", "name"], hadSensitive: false,
    });
    expect(diffSnapshots({ name: "Legal" }, null)).toEqual({ oldValues: { name: "Legal" }, newValues: {}, changedFields: ["name"], hadSensitive: false });
  });

  it("records a field that appears or disappears in an update", () => {
    const d = diffSnapshots({ a: 1 }, { b: 2 });
    expect(d.changedFields).toEqual(["a", "b"]);
    expect(d.oldValues).toEqual({ a: 1 });
    expect(d.newValues).toEqual({ b: 2 });
  });

  it("masks sensitive values on both sides but keeps the fact that they changed", () => {
    const d = diffSnapshots({ salary: 5000, bankAccount: "PK36SCBL0000001123456702" }, { salary: 6000, bankAccount: "PK36SCBL0000009999999999" });
    expect(d.oldValues).toEqual({ salary: MASK, bankAccount: MASK });
    expect(d.newValues).toEqual({ salary: MASK, bankAccount: MASK });
    expect(d.changedFields).toEqual(["bankAccount", "salary"]);
    expect(d.hadSensitive).toBe(true);
    expect(JSON.stringify(d)).not.toMatch(/5000|6000|PK36/);
  });

  it("shows a sensitive value being set or cleared as such (null is not masked)", () => {
    const d = diffSnapshots({ nationalId: null }, { nationalId: "35202-1234567-1" });
    expect(d.oldValues).toEqual({ nationalId: null });
    expect(d.newValues).toEqual({ nationalId: MASK });
    expect(d.hadSensitive).toBe(true);
  });

  it("drops secrets entirely, listing a changed or new one only by name", () => {
    const update = diffSnapshots({ password: "old-pass-1", passwordHash: "$argon2id$old", name: "A" }, { password: "new-pass-2", passwordHash: "$argon2id$new", name: "B" });
    expect(update.changedFields).toEqual(["name", "password (secret)", "passwordHash (secret)"]);
    expect(update.oldValues).toEqual({ name: "A" });
    expect(update.newValues).toEqual({ name: "B" });
    expect(update.hadSensitive).toBe(false);
    expect(JSON.stringify(update)).not.toMatch(/old-pass|new-pass|argon2/);

    const created = diffSnapshots(null, { email: "a@acme.test", password: "hunter2-long" });
    expect(created.changedFields).toEqual(["email", "password (secret)"]);
    expect(created.newValues).toEqual({ email: "a@acme.test" });

    // A secret that did not change is not mentioned; one only on the deleted side neither.
    expect(diffSnapshots({ token: "t-1", name: "A" }, { token: "t-1", name: "B" }).changedFields).toEqual(["name"]);
    expect(diffSnapshots({ token: "t-1", name: "A" }, null).changedFields).toEqual(["name"]);
  });

  it("finds nothing when nothing changed", () => {
    expect(diffSnapshots({ a: 1, b: [1, 2] }, { a: 1, b: [1, 2] })).toEqual({ oldValues: {}, newValues: {}, changedFields: [], hadSensitive: false });
    expect(diffSnapshots(null, null)).toEqual({ oldValues: {}, newValues: {}, changedFields: [], hadSensitive: false });
  });
});
