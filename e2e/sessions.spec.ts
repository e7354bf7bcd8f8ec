import { expect, test } from "@playwright/test";
import { account, axeViolations, signInAs, signOut, UUID } from "./helpers";

// The sessions workspace: who signed in, when, from where, with what, and how it ended.
test("an auditor filters sign-in sessions by person, outcome and method", async ({ page }) => {
  await signInAs(page, "auditor");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sign-in sessions" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sign-in sessions");
  const rows = page.getByTestId("session-row");
  await expect(rows.first()).toBeVisible();
  // The auditor's own sign-in just now is the newest, open, by password, from a browser.
  await expect(rows.first()).toContainText("(you)");
  await expect(rows.first()).toContainText("Open");
  await expect(rows.first()).toContainText("Chrome");

  const form = page.getByRole("search", { name: "Sessions" });
  const employee = account("employee");
  await form.getByLabel("Person or address").fill(employee.email);
  await form.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/q=/);
  for (const text of await rows.allInnerTexts()) expect(text).toContain(employee.email);

  await page.goto("/audit/sessions?status=failure");
  await expect(form.getByLabel("Outcome")).toHaveValue("failure");
  for (const text of await rows.allInnerTexts()) expect(text).toContain("Refused");
  await page.goto("/audit/sessions?method=api_key");
  await expect(page.getByText("No sessions match these filters.").or(rows.first())).toBeVisible();
  await expect(page.locator("main")).not.toContainText(UUID);

  await page.goto("/audit/sessions?login_date=2026-02-31");
  await expect(page.getByText(/showing every session/)).toBeVisible();
});

test("a manager sees their own and their reports' sessions; an employee sees their latest sign-ins on My activity", async ({ page }) => {
  await signInAs(page, "manager");
  await page.goto("/audit/sessions");
  await expect(page.getByText("Your own sessions and your direct reports'.")).toBeVisible();
  await expect(page.getByTestId("session-row").first()).toBeVisible();
  // Nobody outside the manager's reach: the auditor's sessions are not theirs to see.
  await page.goto(`/audit/sessions?q=${encodeURIComponent(account("auditor").email)}`);
  await expect(page.getByText("No sessions match these filters.")).toBeVisible();
  await signOut(page);

  await signInAs(page, "employee");
  await page.goto("/activity");
  const latest = page.getByTestId("recent-sessions");
  await expect(latest.getByRole("listitem").first()).toContainText("Open");
  await page.getByRole("link", { name: "All your sign-in sessions" }).click();
  await expect(page.getByText("Your own sessions.")).toBeVisible();
  for (const text of await page.getByTestId("session-row").allInnerTexts()) expect(text).toContain(account("employee").email);
});

test("a session counts its page views as it works", async ({ page }) => {
  await signInAs(page, "auditor");
  for (const path of ["/audit", "/alerts", "/audit/sessions"]) await page.goto(path);
  // Counts are written within 2 s of the request.
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("session-row").first()).toContainText(/\d+ pages/);
  }).toPass({ timeout: 15_000 });
});

test("an administrator ends someone's session: they are signed out on their next request, and it is on record", async ({ page, browser }) => {
  const other = await browser.newContext();
  const junior = await other.newPage();
  await signInAs(junior, "junior_employee");
  await junior.goto("/tasks");
  await expect(junior.getByRole("heading", { level: 1 })).toBeVisible();

  await signInAs(page, "admin");
  await page.goto(`/audit/sessions?q=${encodeURIComponent(account("junior_employee").email)}&status=success`);
  const open = page.getByTestId("session-row").filter({ hasText: "Open" }).first();
  await expect(open).toBeVisible();
  const row = await open.getAttribute("data-row-id");
  await open.getByRole("button", { name: "End session" }).click();
  // The row reads as ended once the action is done (the list is refreshed by the action).
  await expect(page.locator(`[data-testid="session-row"][data-row-id="${row}"]`)).toContainText("Ended by an administrator");

  await junior.goto("/tasks");
  await expect(junior).toHaveURL(/\/sign-in/);
  await other.close();

  await page.goto(`/audit/sessions?q=${encodeURIComponent(account("junior_employee").email)}&status=success`);
  await expect(page.getByTestId("session-row").first()).toContainText("Ended by an administrator");
  await page.goto(`/audit?q=${encodeURIComponent("action:auth.session_ended_by_admin")}`);
  await expect(page.getByRole("region", { name: "Audit log entries" })).toContainText(`ended ${account("junior_employee").name}'s session`);
});

test("only administrators end sessions: an auditor sees no button, and the API refuses them", async ({ page }) => {
  await signInAs(page, "auditor");
  await page.goto("/audit/sessions?status=success");
  await expect(page.getByTestId("session-row").first()).toBeVisible();
  await expect(page.getByRole("button", { name: "End session" })).toHaveCount(0);
  const refused = await page.request.post("/api/audit-sessions/0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b/end", { headers: { origin: new URL(page.url()).origin } });
  expect(refused.status()).toBe(403);
});

for (const width of [1280, 375]) {
  test(`the sessions workspace has no WCAG 2.1 AA violations at ${width} px`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    await signInAs(page, "admin");
    await page.goto("/audit/sessions");
    await expect(page.getByTestId(width < 640 ? "session-row-card" : "session-row").first()).toBeVisible();
    expect(await axeViolations(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
  });
}
