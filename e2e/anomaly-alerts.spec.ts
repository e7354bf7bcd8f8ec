import { expect, test, type Page } from "@playwright/test";
import { account, axeViolations, signInAs, UUID } from "./helpers";

// The Anomaly alerts page (issue 20): an auditor filters the alerts the anomaly scan
// found in the demo history, opens one, reads it in words with links to the audit
// entries behind it, dismisses it with a note and sees it closed, in the list and in the
// audit log. Axe-clean, with no sideways scroll, at 1280 and 375 px.

// As e2e/readable.spec.ts reads a page: no id and no raw code (emails are data).
const SNAKE = /\b[a-z]+(?:_[a-z0-9]+)+\b/g;
const CODE = /\b[a-z_]+\.[a-z_]+\b/g;
function offenders(raw: string): string[] {
  const text = raw.replace(/[\w.+-]+@[\w.-]+/g, "");
  return [...new Set([UUID, SNAKE, CODE].flatMap((re) => [...text.matchAll(new RegExp(re.source, re.flags.includes("g") ? re.flags : `${re.flags}g`))].map((m) => m[0])))];
}

async function pageIsClean(page: Page, what: string) {
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  expect({ what, violations: await axeViolations(page) }).toEqual({ what, violations: [] });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect({ what, overflow }).toEqual({ what, overflow: 0 });
  expect({ what, codes: offenders(await page.locator("main").innerText()) }).toEqual({ what, codes: [] });
}

test("an auditor filters the anomaly alerts, opens one and dismisses it with a note", async ({ page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  await signInAs(page, "auditor");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Anomaly alerts" }).click();
  await expect(page).toHaveURL(/\/audit\/alerts$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Anomaly alerts");
  // The demo history's suspicious patterns are waiting, open, one line each.
  const rows = page.getByTestId("anomaly-row");
  await expect(rows.first()).toBeVisible();
  await expect(page.getByRole("heading", { name: "Open anomaly alerts" })).toBeVisible();
  for (const status of await rows.getByTestId("alert-status").allInnerTexts()) expect(status).toBe("Open");
  await pageIsClean(page, "list at 1280");

  // Filter by the first alert's type (in words in the list, a code only in the URL).
  const type = (await rows.first().locator("td").nth(1).innerText()).trim();
  expect(["Failed sign-in burst", "Large export", "Off-hours privilege change"]).toContain(type);
  await page.getByRole("combobox", { name: "Type" }).selectOption({ label: type });
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/[?&]type=[a-z_]+/);
  await expect(rows.first()).toBeVisible();
  for (const t of await rows.locator("td:nth-child(3)").allInnerTexts()) expect(t.trim()).toBe(type);
  // Every anomaly is critical: asking for low ones narrows the list to nothing.
  await page.getByRole("combobox", { name: "Severity" }).selectOption({ label: "Low" });
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/severity=low/);
  await expect(rows).toHaveCount(0);
  await expect(page.getByText("No anomaly alerts match these filters.")).toBeVisible();
  await page.getByRole("combobox", { name: "Severity" }).selectOption({ label: "Critical" });
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/severity=critical/);

  // Open it: what was found in words, and the way to the audit entries behind it.
  await rows.first().getByRole("link").click();
  await expect(page).toHaveURL(/\/audit\/alerts\/[0-9a-f-]{36}$/);
  const id = page.url().split("/").pop()!;
  await expect(page.getByRole("heading", { level: 1 })).toContainText(type);
  await expect(page.getByTestId("anomaly-message")).not.toBeEmpty();
  await expect(page.getByTestId("anomaly-badges")).toContainText("Critical");
  await expect(page.getByTestId("anomaly-badges")).toContainText("Open");
  const evidence = page.getByTestId("anomaly-evidence").getByRole("link");
  expect(await evidence.count()).toBeGreaterThanOrEqual(2);
  const firstEvidence = await evidence.first().getAttribute("href");
  expect(firstEvidence).toMatch(/^\/audit(\/[0-9a-f-]{36}|\?q=)/);
  await pageIsClean(page, "open alert at 1280");

  // The entries behind it are there, in the audit log.
  await evidence.first().click();
  await expect(page).not.toHaveURL(/\/audit\/alerts\//);
  if (firstEvidence!.startsWith("/audit?")) await expect(page.getByTestId("audit-row").first()).toBeVisible();
  else await expect(page.getByRole("heading", { level: 1 })).toContainText("·");
  await page.goto(`/audit/alerts/${id}`);

  // A dismissal without a reason is refused, and says so.
  const reason = page.getByLabel("Reason (required)");
  await reason.fill("   ");
  await page.getByRole("button", { name: "Dismiss", exact: true }).click();
  await expect(page.getByRole("alert").filter({ hasText: "a dismissal needs a note" })).toBeVisible();
  await expect(page.getByTestId("anomaly-badges")).toContainText("Open");

  const note = "Reviewed with IT: a scheduled job, nothing to act on.";
  await reason.fill(note);
  await page.getByRole("button", { name: "Dismiss", exact: true }).click();
  const auditor = account("auditor").name;
  await expect(page.getByTestId("anomaly-closed")).toContainText(`Dismissed by ${auditor} on`);
  await expect(page.getByTestId("anomaly-note")).toHaveText(note);
  await expect(page.getByTestId("anomaly-badges")).toContainText("Dismissed");
  await expect(page.getByRole("button", { name: "Dismiss", exact: true })).toHaveCount(0);
  await pageIsClean(page, "dismissed alert at 1280");

  // Closed: gone from the open list, there among the dismissed ones.
  await page.getByRole("link", { name: "← Anomaly alerts" }).click();
  await expect(page.getByRole("heading", { name: "Open anomaly alerts" })).toBeVisible();
  await expect(page.locator(`a[href="/audit/alerts/${id}"]`)).toHaveCount(0);
  await page.getByRole("navigation", { name: "Anomaly alerts by status" }).getByRole("link", { name: /^Dismissed/ }).click();
  await expect(page).toHaveURL(/status=DISMISSED/);
  const dismissed = rows.filter({ has: page.locator(`a[href="/audit/alerts/${id}"]`) });
  await expect(dismissed).toHaveCount(1);
  await expect(dismissed.getByTestId("alert-status")).toHaveText("Dismissed");

  // And on record, in words.
  await page.goto(`/audit/alerts/${id}`);
  await page.getByRole("link", { name: "This alert's own history in the audit log" }).click();
  const results = page.getByRole("region", { name: "Audit log entries" });
  await expect(results).toContainText(`${auditor} dismissed the anomaly alert “${type}`);
  await expect(results).toContainText("Audit alert · dismissed");
});

test("the anomaly alerts fit a 375 px phone: cards, forms and the closed state, axe-clean", async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 375, height: 812 });
  await signInAs(page, "auditor");
  await page.goto("/audit/alerts?status=all");
  const cards = page.getByTestId("anomaly-row-card");
  await expect(cards.first()).toBeVisible();
  await expect(page.getByTestId("anomaly-row").first()).toBeHidden();
  await pageIsClean(page, "list at 375");
  // An open one, with its forms; and a closed one (the first test's, or any).
  await page.goto("/audit/alerts");
  await cards.first().getByRole("link").click();
  await expect(page.getByLabel("Reason (required)")).toBeVisible();
  await pageIsClean(page, "open alert at 375");
  await page.goto("/audit/alerts?status=DISMISSED");
  if ((await cards.count()) > 0) {
    await cards.first().getByRole("link").click();
    await expect(page.getByTestId("anomaly-closed")).toBeVisible();
    await pageIsClean(page, "dismissed alert at 375");
  }
});

test("anomaly alerts are for auditors and admins only", async ({ page }) => {
  await signInAs(page, "employee");
  expect((await page.goto("/audit/alerts"))?.status()).toBe(404);
  const refused = await page.request.post("/api/audit-alerts/0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b/dismiss", { data: { note: "not mine to close" } });
  expect(refused.status()).toBe(403);
});
