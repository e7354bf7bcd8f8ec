import { describe, expect, it } from "vitest";
import { describeRequest, operationSummary, withoutIds } from "./describe";

const ID = "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";

describe("a request in words", () => {
  it("names an API call by its operation's summary", () => {
    expect(operationSummary("POST", `/api/alerts/${ID}/resolve`)).toBe("Resolve an alert");
    expect(operationSummary("get", "/api/audit-logs?q=x")).toBe("List audit entries");
    expect(describeRequest("DELETE", `/api/tokens/${ID}`)).toBe("Revoke an API token (DELETE /api/tokens/…)");
  });

  it("leaves ids out of any other path, and does not take a path for another operation's", () => {
    expect(operationSummary("GET", `/api/alerts/${ID}/resolve`)).toBeNull();
    expect(operationSummary("POST", "/api/alerts/x/resolve/more")).toBeNull();
    expect(withoutIds(`/audit/${ID}`)).toBe("/audit/…");
    expect(describeRequest("POST", `/announcements/${ID}/edit`)).toBe("/announcements/…/edit");
  });
});
