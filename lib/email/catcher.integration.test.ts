import nodemailer from "nodemailer";
import { describe, expect, it } from "vitest";
import { startSmtpCatcher } from "./catcher";

describe("the local SMTP catcher", () => {
  it("closes promptly while a pooled sender still holds its connection open", async () => {
    const catcher = await startSmtpCatcher();
    const transport = nodemailer.createTransport(`smtp://127.0.0.1:${catcher.port}?pool=true`);
    await transport.sendMail({ from: "a@acme.test", to: "b@acme.test", subject: "Pooled", text: "hi", messageId: "<pooled-1@test>" });
    expect(catcher.messages().map((m) => m.subject)).toEqual(["Pooled"]);
    const started = performance.now();
    await catcher.close();
    expect(performance.now() - started).toBeLessThan(3000); // smtp-server's default grace is 30 s
    transport.close();
  });
});
