import { expect, test, type Page } from "@playwright/test";
import { axeViolations, signInAs, signOut } from "./helpers";

// The e2e server seeds the demo data and starts the local Inngest driver, which runs
// every scheduled function once through /api/inngest as soon as the app answers (scans,
// then outbox delivery to the loopback SMTP catcher), so the alerts arrive within
// seconds of start-up. The demo team lead (Erum Siddiqui) reports to the demo manager
// and has been checked in since yesterday evening.
const LEAD = "Erum Siddiqui";

async function reloadUntil(page: Page, check: () => Promise<void>, timeout = 90_000) {
  await expect(async () => {
    await page.reload();
    await check();
  }).toPass({ timeout, intervals: [1000, 2000, 3000] });
}

test("a manager sees a team member's missing check-out (high, PKT) on Home and Alerts, resolves it and it leaves the open list", async ({ page }) => {
  test.setTimeout(150_000);
  await signInAs(page, "manager");
  const homeItem = page.getByTestId("home-alert").filter({ hasText: `Missing check-out: ${LEAD}` });
  await reloadUntil(page, () => expect(homeItem).toBeVisible());
  await expect(homeItem.getByTestId("alert-severity")).toHaveAttribute("data-severity", "high");
  await expect(homeItem).toContainText(/raised \d{1,2} \w{3} \d{4}, \d{2}:\d{2} PKT/);
  await expect(page.getByTestId("home-count-high")).not.toHaveText("0");
  await expect(page.getByTestId("alerts-unread").first()).toBeVisible();

  await homeItem.getByRole("link").click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Alerts");
  const card = page.getByTestId("alert-card").filter({ has: page.getByRole("heading", { name: `Missing check-out: ${LEAD}` }) });
  await expect(card).toHaveCount(1);
  await expect(card.getByTestId("alert-severity")).toHaveAttribute("data-severity", "high");
  await expect(card.getByTestId("alert-created-at")).toHaveText(/^\d{1,2} \w{3} \d{4}, \d{2}:\d{2} PKT$/);
  await expect(card).toContainText(/checked in at .* PKT and has not checked out/);
  // Labels, never raw ids.
  await expect(card).not.toContainText(/[0-9a-f]{8}-[0-9a-f]{4}-/);

  await card.getByLabel("Note (optional)").fill("Called Erum; she forgot to check out");
  await card.getByRole("button", { name: "Resolve" }).click();
  await expect(card).toContainText("Resolved");
  await expect(card.getByRole("button", { name: "Resolve" })).toHaveCount(0);

  // It left the open list (filters live in the URL).
  await page.goto("/alerts");
  await page.getByLabel("Type").selectOption("missing_checkout");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/type=missing_checkout/);
  await expect(page).toHaveURL(/status=OPEN/);
  await expect(page.getByRole("heading", { name: `Missing check-out: ${LEAD}` })).toHaveCount(0);
  // The resolved list has it, with the note.
  await page.getByLabel("Status").selectOption("RESOLVED");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/status=RESOLVED/);
  const resolved = page.getByTestId("alert-card").filter({ has: page.getByRole("heading", { name: `Missing check-out: ${LEAD}` }) });
  await expect(resolved).toContainText("Resolved");
  await expect(resolved).toContainText("Called Erum; she forgot to check out");
  await page.goto("/");
  await expect(page.getByTestId("home-alert").filter({ hasText: `Missing check-out: ${LEAD}` })).toHaveCount(0);
});

test("a new alert raised while the page is open appears without reload", async ({ browser }) => {
  test.setTimeout(120_000);
  const [managerContext, adminContext] = await Promise.all([browser.newContext(), browser.newContext()]);
  const manager = await managerContext.newPage();
  const admin = await adminContext.newPage();
  try {
    await signInAs(manager, "manager");
    await manager.goto("/alerts?type=workload_overload");
    await expect(manager.locator("html")).toHaveAttribute("data-realtime", "ready", { timeout: 15_000 });
    const overload = manager.getByRole("heading", { name: "Workload overload: Faisal Malik" });
    await expect(overload).toHaveCount(0);
    // Marks the page: a reload would lose it.
    await manager.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));

    // An admin gives the manager's report 40 hours more work and runs the scans.
    await signInAs(admin, "admin");
    await admin.goto("/tasks");
    await admin.getByLabel("Title").fill("Migrate the payroll archive");
    await admin.getByRole("combobox", { name: "Assignee" }).selectOption({ label: await optionLabel(admin, "Faisal Malik") });
    await admin.getByLabel("Estimate (minutes)").fill("2400");
    await admin.getByRole("button", { name: "Assign task" }).click();
    await expect(admin.getByText("Task assigned.")).toBeVisible();
    await admin.goto("/admin/settings");
    await admin.getByRole("button", { name: "Run all scans now" }).click();
    await expect(admin.getByText(/Scans finished/)).toBeVisible({ timeout: 30_000 });

    await expect(overload).toBeVisible({ timeout: 10_000 });
    await expect(manager.getByTestId("alert-notice").filter({ hasText: "Workload overload: Faisal Malik" })).toBeVisible();
    expect(await manager.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
    await expect(manager.getByTestId("alerts-unread").first()).toBeVisible();
  } finally {
    await Promise.all([managerContext.close(), adminContext.close()]);
  }
});

async function optionLabel(page: Page, name: string): Promise<string> {
  const options = await page.getByRole("combobox", { name: "Assignee" }).locator("option").allTextContents();
  const match = options.find((o) => o.startsWith(name));
  if (!match) throw new Error(`No assignee option for ${name}: ${options.slice(0, 5).join(", ")}`);
  return match;
}

test("the dev mailbox shows the alert email the scan sent", async ({ page }) => {
  test.setTimeout(120_000);
  await signInAs(page, "admin");
  await page.goto("/admin/mailbox");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Dev mailbox");
  await page.getByLabel("Recipient").fill("manager@acme.test");
  // The demo's scans send the manager more than the 50 newest shown: narrow by subject.
  await page.getByLabel("Subject contains").fill("Missing check-out");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page).toHaveURL(/to=manager%40acme\.test&subject=Missing\+check-out/);
  const mail = page.getByTestId("mail").filter({ hasText: `[High] Missing check-out: ${LEAD}` });
  await reloadUntil(page, () => expect(mail).toBeVisible());
  await expect(mail).toContainText("manager@acme.test");
  await mail.getByText("Show the message").click();
  await expect(mail).toContainText(/\/alerts\?alert=/);
});

test("only admins reach alert settings and the mailbox; a saved threshold is shown back", async ({ page }) => {
  await signInAs(page, "manager");
  for (const path of ["/admin/settings", "/admin/mailbox"]) {
    const res = await page.goto(path);
    expect(res?.status()).toBe(404);
  }
  await signOut(page);
  await signInAs(page, "admin");
  await page.goto("/admin/settings");
  const field = page.getByLabel("Escalation interval (hours)");
  await expect(field).toHaveValue("24");
  await field.fill("36");
  await page.getByRole("button", { name: "Save thresholds" }).click();
  await expect(page.getByText("Thresholds saved.")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Escalation interval (hours)")).toHaveValue("36");
});

for (const width of [1280, 375]) {
  test(`alerts, home, settings and mailbox pass axe at ${width} px`, async ({ page }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width, height: 900 });
    await signInAs(page, "admin");
    for (const path of ["/", "/alerts", "/alerts?status=all", "/admin/settings", "/admin/mailbox"]) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      expect(await axeViolations(page), path).toEqual([]);
    }
    await signOut(page);
    await signInAs(page, "manager");
    for (const path of ["/", "/alerts"]) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      expect(await axeViolations(page), `manager ${path}`).toEqual([]);
    }
  });
}
