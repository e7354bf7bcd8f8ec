import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { startWebhookReceiver } from "../test/webhook-receiver";
import { axeViolations, signInAs } from "./helpers";

// An admin points an audit stream at a webhook receiver on loopback (a real HTTP server
// that checks Standard Webhooks signatures with the secret the page showed once), sends
// a test event, sees entries delivered on the health page, and pauses and resumes it.
test("an admin adds a webhook destination, tests it, sees it delivered, pauses and resumes it", async ({ page }) => {
  test.setTimeout(180_000);
  const receiver = await startWebhookReceiver();
  try {
    await signInAs(page, "admin");
    await page.getByRole("link", { name: "Audit streams" }).first().click();
    await expect(page.getByRole("heading", { level: 1, name: "Audit streams" })).toBeVisible();
    expect(await axeViolations(page)).toEqual([]);

    // A private address is refused with the reason.
    await page.getByLabel("Name").fill("SOC webhook");
    await page.getByLabel("Webhook URL").fill("https://10.0.0.8/hook");
    await page.getByRole("button", { name: "Add destination" }).click();
    await expect(page.getByText(/resolves to 10\.0\.0\.8, a loopback, private or reserved address/)).toBeVisible();

    await page.getByLabel("Webhook URL").fill(receiver.url);
    await page.getByLabel("Filter").fill("category:security,user_management,system");
    await page.getByRole("button", { name: "Add destination" }).click();
    const secret = (await page.getByTestId("stream-secret-value").textContent())!;
    expect(secret).toMatch(/^whsec_/);
    receiver.trust(secret);
    await page.getByRole("button", { name: "Done" }).click();
    await expect(page.getByTestId("stream-secret")).toHaveCount(0);

    const stream = page.getByTestId("stream").filter({ hasText: "SOC webhook" });
    await stream.getByRole("button", { name: "Send a test event to SOC webhook" }).click();
    await expect(stream.getByTestId("stream-test-result")).toHaveText("Test event accepted (HTTP 204).");
    expect(receiver.deliveries.at(-1)!.body.type).toBe("audit.test");

    // Its own creation and the test are audited (category system): the scheduled delivery sends them.
    await expect(async () => {
      await page.reload();
      await expect(page.getByTestId("stream").filter({ hasText: "SOC webhook" }).getByTestId("stream-delivered")).not.toHaveText("0 entries", { timeout: 1000 });
    }).toPass({ timeout: 150_000, intervals: [3000] });
    const delivered = receiver.events().filter((e) => e.fields.action_type === "audit_stream.created");
    expect(delivered.map((e) => e.fields.action_description)).toEqual([expect.stringContaining("SOC webhook")]);
    expect(receiver.rejected).toEqual([]);

    await stream.getByRole("button", { name: "Pause" }).click();
    await expect(stream.getByText("Paused", { exact: true })).toBeVisible();
    await expect(stream).toContainText(/Paused by Aisha Khan/);
    expect(await axeViolations(page)).toEqual([]);
    await stream.getByRole("button", { name: "Resume" }).click();
    await expect(stream.getByText("Healthy", { exact: true })).toBeVisible();
  } finally {
    await receiver.close();
  }
});

// The other transports from the same form: a Splunk HEC destination (a loopback server
// answering as HEC does) in OCSF; its token goes in the header and never on the page; a
// syslog destination without its host is refused with the reason.
test("an admin adds a Splunk HEC destination in OCSF from the page; its token is never shown", async ({ page }) => {
  const seen: Array<{ path: string; auth: string; body: string }> = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString("utf8")));
    req.on("end", () => {
      seen.push({ path: req.url ?? "", auth: String(req.headers.authorization ?? ""), body });
      res.writeHead(200, { "content-type": "application/json" }).end('{"text":"Success","code":0}');
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    await signInAs(page, "admin");
    await page.goto("/admin/streams");
    await page.getByLabel("Transport").selectOption("syslog");
    await page.getByLabel("Name").fill("Collector");
    await page.getByLabel("Host").fill(" ");
    await page.getByRole("button", { name: "Add destination" }).click();
    await expect(page.getByText("Give the syslog server's host.")).toBeVisible();

    await page.getByLabel("Transport").selectOption("splunk_hec");
    await expect(page.getByLabel("Host")).toHaveCount(0);
    await page.getByLabel("Name").fill("Splunk SOC");
    await page.getByLabel("HEC endpoint").fill(url);
    await page.getByLabel("HEC token").fill("hec-e2e-0000-1111");
    await page.getByLabel("Source type").fill("hr:audit:e2e");
    await page.getByLabel("Format").selectOption("ocsf");
    await page.getByRole("button", { name: "Add destination" }).click();
    await expect(page.getByText("“Splunk SOC” is added. Send a test event from its card.")).toBeVisible();
    const stream = page.getByTestId("stream").filter({ hasText: "Splunk SOC" });
    await expect(stream).toContainText(`Splunk HTTP Event Collector · ${url}`);
    await expect(stream).toContainText("Format: OCSF 1.8");
    expect(await page.content()).not.toContain("hec-e2e-0000-1111");
    expect(await axeViolations(page)).toEqual([]);

    await stream.getByRole("button", { name: "Send a test event to Splunk SOC" }).click();
    await expect(stream.getByTestId("stream-test-result")).toHaveText("Test event accepted (HTTP 200).");
    const hec = seen.at(-1)!;
    expect(hec).toMatchObject({ path: "/services/collector/event", auth: "Splunk hec-e2e-0000-1111" });
    expect(JSON.parse(hec.body)).toMatchObject({ sourcetype: "hr:audit:e2e", event: { class_uid: 3004, metadata: { event_code: "audit_stream.test", version: "1.8.0" } } });
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
  }
});
