import { expect, test, type Page, type Response } from "@playwright/test";
import { DEMO_ACCOUNTS, signInAs, watchViolations } from "./helpers";

type Role = (typeof DEMO_ACCOUNTS)[number]["role"];

// Pages reached from a page rather than from the navigation, by the roles that use them.
const EXTRA_PAGES: Partial<Record<Role, string[]>> = {
  employee: ["/tasks/time-logs"],
  admin: ["/admin/people/new"],
};

/** The response carries a strict policy with a nonce, and the page's scripts carry that nonce. */
async function expectNoncedPolicy(page: Page, response: Response | null, path: string) {
  expect(response, path).not.toBeNull();
  const headers = response!.headers();
  const policy = headers["content-security-policy"] ?? "";
  const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(policy)?.[1];
  expect(nonce, `${path}: CSP header with a nonce`).toBeTruthy();
  expect(policy).toContain("'strict-dynamic'");
  expect(policy).toContain("frame-ancestors 'none'");
  expect(policy).not.toContain("'unsafe-inline'");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("same-origin");
  expect(headers["permissions-policy"]).toContain("camera=()");
  // Plain HTTP here: no HSTS (it is sent only over TLS).
  expect(headers["strict-transport-security"]).toBeUndefined();
  // Next stamped this response's nonce on its scripts, and they ran (window.next is set by its bootstrap).
  const scriptNonces = await page.evaluate(() => [...document.scripts].map((s) => s.nonce));
  expect(scriptNonces.length, path).toBeGreaterThan(0);
  expect(scriptNonces.every((n) => n === nonce), `${path}: every script carries the nonce`).toBe(true);
  await page.waitForFunction(() => Boolean((window as unknown as { next?: { version?: string } }).next?.version));
}

test("the sign-in page and a 404 carry the policy and log no violation", async ({ page }) => {
  const violations = await watchViolations(page);
  await expectNoncedPolicy(page, await page.goto("/sign-in"), "/sign-in");
  await expect(page.getByRole("heading", { name: "Sign in to your account" })).toBeVisible();
  const missing = await page.goto("/no-such-page");
  expect(missing?.status()).toBe(404);
  await expectNoncedPolicy(page, missing, "/no-such-page");
  // Settle, so a late report is not missed.
  await page.waitForLoadState("networkidle");
  expect(violations).toEqual([]);
});

test("the API answers with a fixed deny-all policy and no nonce", async ({ request }) => {
  for (const path of ["/api/audit-logs", "/api/auth/csrf"]) {
    const response = await request.get(path);
    const headers = response.headers();
    expect(headers["content-security-policy"], path).toBe("default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
    expect(headers["x-content-type-options"], path).toBe("nosniff");
    expect(headers["x-frame-options"], path).toBe("DENY");
  }
});

for (const { role } of DEMO_ACCOUNTS) {
  test(`${role}: every page in the navigation renders under the CSP, hydrates, and logs no violation`, async ({ page }) => {
    test.setTimeout(120_000);
    const violations = await watchViolations(page);
    await signInAs(page, role);

    const nav = page.getByRole("navigation", { name: "Main" });
    const hrefs = await nav.getByRole("link").evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
    expect(hrefs.length).toBeGreaterThan(3);
    for (const path of [...hrefs, ...(EXTRA_PAGES[role] ?? [])]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(200);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await expectNoncedPolicy(page, response, path);
    }

    // Hydrated: a click on a navigation link is a client-side navigation (the page's
    // JavaScript state survives it), not a full page load.
    await page.goto("/");
    await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Tasks" }).first().click();
    await expect(page).toHaveURL(/\/tasks$/);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);

    await page.waitForLoadState("networkidle");
    expect(violations).toEqual([]);
  });
}
