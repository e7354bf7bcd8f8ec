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
