import { describe, expect, it } from "vitest";
import { historyPage } from "./history-page";
import type { HistoryStep } from "./history";

type E = { id: string; action: string };
const steps: Array<HistoryStep<E>> = Array.from({ length: 25 }, (_, i) => ({
  entry: { id: `e${i + 1}`, action: i % 5 === 0 ? "leave_request.submitted" : "leave_request.updated" },
  state: {},
  deleted: false,
}));
const ids = (p: ReturnType<typeof historyPage<E>>) => p.steps.map((s) => s.entry.id);

describe("historyPage", () => {
  it("shows the newest ten first, numbered from the oldest, with a link to the older page", () => {
    const p = historyPage(steps, {});
    expect(ids(p)).toEqual(["e25", "e24", "e23", "e22", "e21", "e20", "e19", "e18", "e17", "e16"]);
    expect(p.steps[0]!.number).toBe(25);
    expect(p).toMatchObject({ newer: null, older: "e16", matching: 25, total: 25 });
  });

  it("pages by the step it starts after or ends before, never by offset", () => {
    const second = historyPage(steps, { before: "e16" });
    expect(ids(second)[0]).toBe("e15");
    expect(second).toMatchObject({ newer: "e15", older: "e6" });
    const last = historyPage(steps, { before: "e6" });
    expect(ids(last)).toEqual(["e5", "e4", "e3", "e2", "e1"]);
    expect(last.older).toBeNull();
    expect(ids(historyPage(steps, { after: "e15" }))[0]).toBe("e25");
  });

  it("opens on the page that holds the entry being shown", () => {
    expect(ids(historyPage(steps, { around: "e3" }))).toContain("e3");
    expect(ids(historyPage(steps, { around: "e3", before: "e16" }))[0]).toBe("e15");
  });

  it("filters by action, and ignores an action the record never had", () => {
    const only = historyPage(steps, { action: "leave_request.submitted" });
    expect(ids(only)).toEqual(["e21", "e16", "e11", "e6", "e1"]);
    expect(only).toMatchObject({ matching: 5, total: 25, action: "leave_request.submitted", older: null });
    expect(historyPage(steps, { action: "user.deleted" }).action).toBeNull();
    expect(historyPage(steps, {}).actions).toEqual(["leave_request.submitted", "leave_request.updated"]);
  });

  it("treats an unknown position as the first page", () => {
    expect(ids(historyPage(steps, { before: "nope" }))[0]).toBe("e25");
  });
});
