import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { signStandardWebhook } from "./signature";

describe("Standard Webhooks signatures with node:crypto", () => {
  it("equal the reference library's, and verify with it", () => {
    const secret = `whsec_${Buffer.from("a 32-byte secret for the test!!!").toString("base64")}`;
    const now = new Date("2026-12-07T10:00:00Z");
    const payload = JSON.stringify({ type: "audit.entries", events: [{ id: "e1", fields: { note: "ünïcode ✓" } }] });
    const ours = signStandardWebhook(secret, "msg_1", Math.floor(now.getTime() / 1000), payload);
    expect(ours).toBe(new Webhook(secret).sign("msg_1", now, payload));
    const headers = { "webhook-id": "msg_1", "webhook-timestamp": String(Math.floor(Date.now() / 1000)), "webhook-signature": "" };
    headers["webhook-signature"] = signStandardWebhook(secret, "msg_1", Number(headers["webhook-timestamp"]), payload);
    expect(new Webhook(secret).verify(payload, headers)).toMatchObject({ type: "audit.entries" });
    expect(() => new Webhook(secret).verify(`${payload} `, headers)).toThrow();
  });
});
