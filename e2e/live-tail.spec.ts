import { expect, test, type Browser } from "@playwright/test";
import { account, axeViolations, signInAs } from "./helpers";

/** Someone else, in their own browser, does something audited: creates an API token named `name`. */
async function createTokenElsewhere(browser: Browser, role: "employee" | "manager", name: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInAs(page, role);
  const origin = new URL(page.url()).origin;
  const created = await page.request.post("/api/tokens", { data: { name, scopes: ["audit:read"], expiresInDays: 1 }, headers: { origin } });
  expect(created.status()).toBe(201);
  await context.close();
}

test("a live search shows an entry made in another browser within 2 s, on top, marked new", async ({ page, browser }) => {
  await signInAs(page, "auditor");
  await page.goto(`/audit?q=${encodeURIComponent("category:security")}`);
  const live = page.getByRole("button", { name: "Live" });
  await live.click();
  await expect(live).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("live-status")).toHaveText("Following new entries as they are recorded");
  await expect(page).toHaveURL(/[?&]live=1/);

  const name = `Live tail ${Date.now()}`;
  const started = Date.now();
  await createTokenElsewhere(browser, "employee", name);
  const made = Date.now();
  const row = page.getByTestId("audit-row").filter({ hasText: name });
  await expect(row).toBeVisible({ timeout: 2_000 });
  expect(Date.now() - made).toBeLessThan(2_000);
  expect(Date.now() - started).toBeLessThan(15_000);
  await expect(page.getByTestId("audit-row").first()).toContainText(name);
  await expect(row.getByText("New:")).toHaveCount(1);
  // The other browser's sign-in is a security entry too: it came first.
  await expect(page.getByTestId("live-status")).toContainText("2 new");
  await expect(page.getByTestId("audit-row").filter({ hasText: "signed in" }).first().getByText("New:")).toHaveCount(1);
  // The new row opens like any other.
  await row.getByRole("link").click();
  await expect(page.getByTestId("entry-drawer")).toContainText(name);

  // Off again: nothing more arrives.
  await page.keyboard.press("Escape");
  await live.click();
  await expect(live).toHaveAttribute("aria-pressed", "false");
});

test("an employee's live tail never shows another person's entry", async ({ page, browser }) => {
  await signInAs(page, "employee");
  await page.goto("/audit?live=1");
  await expect(page.getByTestId("live-status")).toHaveText("Following new entries as they are recorded");
  const theirs = `Not yours ${Date.now()}`;
  await createTokenElsewhere(browser, "manager", theirs);
  // Then one of the employee's own, from another browser of theirs: it arrives, the manager's never does.
  const mine = `Yours ${Date.now()}`;
  await createTokenElsewhere(browser, "employee", mine);
  await expect(page.getByTestId("audit-row").filter({ hasText: mine })).toBeVisible({ timeout: 2_000 });
  await expect(page.getByTestId("audit-row").filter({ hasText: theirs })).toHaveCount(0);
  await expect(page.getByTestId("audit-row").filter({ hasText: "New:" }).filter({ hasText: account("manager").name })).toHaveCount(0);
});

for (const width of [1280, 375]) {
  test(`the live search has no WCAG 2.1 AA violations at ${width} px`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    await signInAs(page, "auditor");
    await page.goto("/audit?live=1");
    await expect(page.getByTestId("live-status")).toHaveText("Following new entries as they are recorded");
    expect(await axeViolations(page)).toEqual([]);
  });
}
