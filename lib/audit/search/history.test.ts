import { describe, expect, it } from "vitest";
import { MASK } from "@/lib/audit/write/rules";
import { fieldChanges, rebuildHistory, SECRET_VALUE } from "./history";

describe("fieldChanges", () => {
  it("gives one old → new row per changed field, in the entry's order", () => {
    expect(fieldChanges({ status: "pending" }, { status: "approved", note: "ok" }, ["status", "note"])).toEqual([
      { field: "status", kind: "changed", before: "pending", after: "approved", masked: false },
      { field: "note", kind: "added", before: undefined, after: "ok", masked: false },
    ]);
  });

  it("keeps masked values masked and says secrets changed without a value", () => {
    const rows = fieldChanges({ reason: MASK }, { reason: MASK }, ["reason", "password (secret)"]);
    expect(rows[0]).toMatchObject({ field: "reason", masked: true, before: MASK, after: MASK });
    expect(rows[1]).toEqual({ field: "password", kind: "secret" });
  });

  it("marks a field with only an old value as removed and tolerates malformed columns", () => {
    expect(fieldChanges({ title: "Old" }, {}, ["title"])).toEqual([{ field: "title", kind: "removed", before: "Old", after: undefined, masked: false }]);
    expect(fieldChanges(null, [], "nope")).toEqual([]);
  });
});

describe("rebuildHistory", () => {
  const create = { eventType: "create", oldValues: {}, newValues: { status: "pending", days: 2 }, changedFields: ["days", "status"] };
  const approve = { eventType: "approve", oldValues: { status: "pending" }, newValues: { status: "approved", decidedBy: "Hina" }, changedFields: ["status", "decidedBy"] };
  const unset = { eventType: "update", oldValues: { decidedBy: "Hina" }, newValues: {}, changedFields: ["decidedBy"] };
  const secret = { eventType: "update", oldValues: {}, newValues: {}, changedFields: ["pin (secret)"] };
  const remove = { eventType: "delete", oldValues: { status: "approved", days: 2 }, newValues: {}, changedFields: ["days", "status"] };

  it("rebuilds the state after each change, oldest first", () => {
    const steps = rebuildHistory([create, approve, unset, secret, remove]);
    expect(steps.map((s) => s.state)).toEqual([
      { status: "pending", days: 2 },
      { status: "approved", days: 2, decidedBy: "Hina" },
      { status: "approved", days: 2 },
      { status: "approved", days: 2, pin: SECRET_VALUE },
      { status: "approved", days: 2, pin: SECRET_VALUE },
    ]);
    expect(steps.map((s) => s.deleted)).toEqual([false, false, false, false, true]);
    expect(steps[1]!.entry).toBe(approve);
  });

  it("fills in what the record held before the log first mentioned it", () => {
    const steps = rebuildHistory([approve]);
    expect(steps[0]!.state).toEqual({ status: "approved", decidedBy: "Hina" });
    const partial = rebuildHistory([{ eventType: "update", oldValues: { title: "A", owner: "Sara" }, newValues: { title: "B" }, changedFields: ["title"] }]);
    expect(partial[0]!.state).toEqual({ title: "B", owner: "Sara" });
  });

  it("does not share state objects between steps", () => {
    const steps = rebuildHistory([create, approve]);
    expect(steps[0]!.state).not.toBe(steps[1]!.state);
    expect(steps[0]!.state.status).toBe("pending");
  });
});
