import { expect, test } from "@playwright/test";
import { DEMO_ACCOUNTS, signIn, signInAs, signOut } from "./helpers";

// What each role's navigation must show, written out here rather than derived from
// the app's own permission map, so a wrong map fails the test.
const SELF = ["Home", "Alerts", "Announcements", "Attendance", "Tasks", "Leave", "Projects"];
const NAV: Record<string, string[]> = {
  admin: [...SELF, "My activity", "Notifications", "API tokens", "API docs", "People", "Audit log", "Sign-in sessions", "Data access", "Anomaly alerts", "Audit integrity", "Reports", "Audit streams", "Settings", "Dev mailbox"],
  hr_operations: [...SELF, "My activity", "Notifications", "API tokens", "API docs", "People"],
  auditor: [...SELF, "My activity", "Notifications", "API tokens", "API docs", "People", "Audit log", "Sign-in sessions", "Data access", "Anomaly alerts", "Audit integrity", "Reports"],
  manager: [...SELF, "My team", "My activity", "Notifications", "API tokens", "API docs", "Audit log", "Sign-in sessions", "Data access"],
  team_lead: [...SELF, "My team", "My activity", "Notifications", "API tokens", "API docs"],
  employee: [...SELF, "My activity", "Notifications", "API tokens", "API docs"],
  junior_employee: [...SELF, "My activity", "Notifications", "API tokens", "API docs"],
  intern: [...SELF, "My activity", "Notifications", "API tokens", "API docs"],
};
// A link's text may end in a count ("Alerts 3 open", "Announcements(2 unread)").
const label = (name: string) => new RegExp(`^${name}(\\s*\\(?\\d+\\+?\\s*(unread|open)\\)?)?$`);

test("an unsigned visitor is sent to the sign-in page", async ({ page }) => {
  await page.goto("/tasks");
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.getByRole("heading", { name: "Sign in to your account" })).toBeVisible();
});

for (const a of DEMO_ACCOUNTS) {
  test(`${a.role} signs in and sees only their navigation`, async ({ page }) => {
    await signInAs(page, a.role);
    await expect(page.getByTestId("current-user").first()).toHaveText(a.name);
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link")).toHaveText(NAV[a.role]!.map(label));
    await signOut(page);
    // A signed-out session cannot come back.
    await page.goto("/");
    await expect(page).toHaveURL(/\/sign-in/);
  });
}

test("a wrong password shows an error and does not sign in", async ({ page }) => {
  await signIn(page, "employee@acme.test", "not-the-password");
  await expect(page.locator("#sign-in-error")).toHaveText("Incorrect email or password.");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("pages a role may not use are not found, even by URL", async ({ page }) => {
  await signInAs(page, "employee");
  const response = await page.goto("/admin/people");
  expect(response?.status()).toBe(404);
  const api = await page.request.post("/api/audit-logs/verify");
  expect(api.status()).toBe(403);
});

test("verification is a POST, refused from another origin, and at most once per 30 s per person", async ({ page }) => {
  await signInAs(page, "auditor");
  // A GET (a link, an image on another site) runs nothing.
  const get = await page.request.get("/api/audit-logs/verify");
  expect(get.status()).toBe(405);
  expect(get.headers()["allow"]).toBe("POST");
  const crossSite = await page.request.post("/api/audit-logs/verify", { headers: { origin: "https://evil.example" } });
  expect(crossSite.status()).toBe(403);

  const run = await page.request.post("/api/audit-logs/verify");
  expect(run.status()).toBe(200);
  expect(await run.json()).toMatchObject({ status: expect.stringMatching(/^(intact|stale|unverifiable)$/) });
  const again = await page.request.post("/api/audit-logs/verify");
  expect(again.status()).toBe(429);
  expect(Number(again.headers()["retry-after"])).toBeGreaterThan(0);
  // The page's button goes through the same guard and says so.
  await page.goto("/audit/verify");
  await page.getByRole("button", { name: "Run verification" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Please wait" })).toBeVisible();
});
