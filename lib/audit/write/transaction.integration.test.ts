import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { auditedTransaction, NothingRecordedError, whenNothingRecorded } from "./transaction";

describe("auditedTransaction", () => {
  it("refuses a mutation that records nothing with a NothingRecordedError, leaving no change", async () => {
    const name = `Silent ${crypto.randomUUID()}`;
    await expect(auditedTransaction((tx) => tx.department.create({ data: { name } }))).rejects.toBeInstanceOf(NothingRecordedError);
    expect(await db.department.count({ where: { name } })).toBe(0);
  });

  it("whenNothingRecorded turns that refusal, and only that, into the given outcome", async () => {
    expect(await auditedTransaction(async () => "changed").catch(whenNothingRecorded("unchanged"))).toBe("unchanged");
    const failing = auditedTransaction(async () => {
      throw new Error("storage is down");
    });
    await expect(failing.catch(whenNothingRecorded("unchanged"))).rejects.toThrow("storage is down");
  });
});
