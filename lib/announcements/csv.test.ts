import { parseCsv as parse } from "@/test/csv";
import { describe, expect, it } from "vitest";
import { reachCsv, reachCsvFileName } from "./csv";

const person = (over: Partial<Parameters<typeof reachCsv>[0][number]> = {}) => ({
  id: "u1", name: "Erum Siddiqui", email: "teamlead@acme.test", roleLabel: "Team Lead", departmentName: "Engineering",
  emailedAt: null as Date | null, deliveredAt: new Date("2026-12-01T05:00:00Z"), readAt: null, acknowledgedAt: null, ...over,
});

describe("reachCsv", () => {
  it("writes labelled columns with PKT times and empty cells for what has not happened", () => {
    const rows = parse(reachCsv([person()]));
    expect(rows[0]).toEqual(["Name", "Email", "Role", "Department", "Emailed (PKT)", "Delivered (PKT)", "Read (PKT)", "Acknowledged (PKT)"]);
    expect(rows[1]).toEqual(["Erum Siddiqui", "teamlead@acme.test", "Team Lead", "Engineering", "", "2026-12-01T10:00:00.000+05:00", "", ""]);
  });

  it("neutralizes spreadsheet formulas in names", () => {
    const rows = parse(reachCsv([person({ name: "=HYPERLINK(\"http://evil\")", departmentName: "+1-2" })]));
    expect(rows[1]?.[0]).toBe("'=HYPERLINK(\"http://evil\")");
    expect(rows[1]?.[3]).toBe("'+1-2");
  });

  it("names the file after the title", () => {
    expect(reachCsvFileName("Remote work: policy!", new Date("2026-12-01T05:00:00Z"))).toBe("reach-remote-work-policy-2026-12-01T100000PKT.csv");
  });
});
