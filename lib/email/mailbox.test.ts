import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import type { CaughtMessage } from "./catcher";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mailbox-"));
const file = path.join(dir, "mailbox.ndjson");
vi.mock("@/lib/env", () => ({ env: { MAILBOX_FILE: file } }));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const mail = (i: number, to: string, subject: string): CaughtMessage => ({
  messageId: `<m${i}@test>`, from: "alerts@acme.test", to: [to], subject, text: "", html: "", receivedAt: new Date(2026, 0, 1, 0, i).toISOString(),
});

describe("readMailbox", () => {
  it("lists the newest first, by recipient and by words of the subject, up to the limit", async () => {
    const lines = [
      mail(1, "manager@acme.test", "[High] Missing check-out: Erum Siddiqui"),
      ...Array.from({ length: 60 }, (_, i) => mail(2 + i, "manager@acme.test", `[Medium] Approval delay: Person ${i}`)),
      mail(70, "admin@acme.test", "[High] Missing check-out: Someone Else"),
    ];
    fs.writeFileSync(file, `${lines.map((l) => JSON.stringify(l)).join("\n")}\n{"half a line`);
    const { readMailbox } = await import("./mailbox");
    const newest = await readMailbox({ to: "MANAGER@acme.test" });
    expect(newest).toHaveLength(50);
    expect(newest![0]!.subject).toBe("[Medium] Approval delay: Person 59");
    expect(newest!.some((m) => m.subject.includes("Missing check-out"))).toBe(false); // pushed past the 50 newest
    const found = await readMailbox({ to: "manager@acme.test", subject: "missing CHECK-OUT" });
    expect(found!.map((m) => m.subject)).toEqual(["[High] Missing check-out: Erum Siddiqui"]);
    expect((await readMailbox({ subject: "Missing check-out" }))!.map((m) => m.to[0])).toEqual(["admin@acme.test", "manager@acme.test"]);
  });
});
