import { describe, expect, it } from "vitest";
import { parseCsv as parse } from "@/test/csv";
import { CSV_COLUMNS, csvChunk, neutralizeCell } from "./csv";
import type { AuditListRow } from "./query";

const row = (over: Partial<AuditListRow> = {}): AuditListRow => ({
  id: "0190a0a0-0000-7000-8000-000000000001",
  at: new Date("2026-01-15T05:00:00.123Z"),
  eventType: "update",
  category: "security",
  action: "user.updated",
  description: "Changed, with \"quotes\"\nand a newline",
  module: "people",
  actor: { id: null, name: "System", email: "", role: "system" },
  entity: { type: "user", id: "u1", name: "Ayesha" },
  subject: null,
  risk: "low",
  status: "success",
  ip: null,
  sensitive: false,
  masked: false,
  ...over,
});

describe("CSV export cells", () => {
  it("neutralizes a leading =, +, -, @, tab or CR and leaves other text alone", () => {
    for (const c of ["=", "+", "-", "@", "\t", "\r"]) expect(neutralizeCell(`${c}1+1`)).toBe(`'${c}1+1`);
    for (const v of ["", "a=1", "Ayesha", " =1", "'=1"]) expect(neutralizeCell(v)).toBe(v);
  });

  it("writes labelled columns once and quotes what needs it", () => {
    const text = csvChunk([row(), row({ description: "=HYPERLINK(\"http://evil\")", actor: { id: null, name: "@admin", email: "", role: "" } })], true) + csvChunk([row()], false);
    const records = parse(text) as string[][];
    expect(records[0]).toEqual(CSV_COLUMNS.map(([label]) => label));
    expect(records).toHaveLength(4);
    expect(records[1]![4]).toBe("Changed, with \"quotes\"\nand a newline");
    expect(records[1]![0]).toBe("2026-01-15T10:00:00.123+05:00");
    expect(records[2]![4]).toBe("'=HYPERLINK(\"http://evil\")");
    expect(records[2]![6]).toBe("'@admin");
  });
});
