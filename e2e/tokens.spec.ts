import { execFileSync } from "node:child_process";
import { expect, test } from "@playwright/test";
import { axeViolations, signInAs } from "./helpers";

// A person makes an API token on the settings page, sees its secret once, uses it as a
// bearer token, and revokes it: the next request with it is refused.
test("an employee creates a token, sees the secret once, uses it, and revokes it", async ({ page, request }) => {
  await signInAs(page, "employee");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "API tokens" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "API tokens" })).toBeVisible();

  const name = `e2e token ${Date.now()}`;
  await page.getByLabel("Name").fill(name);
  await page.getByRole("checkbox", { name: /audit:read/ }).check();
  await page.getByRole("button", { name: "Create token" }).click();
  const secret = (await page.getByTestId("new-token-secret").textContent())!.trim();
  expect(secret).toMatch(/^hrg_[0-9A-Za-z]{36}$/);

  const used = await request.get("/api/audit-logs?limit=5", { headers: { authorization: `Bearer ${secret}` } });
  expect(used.status()).toBe(200);
  expect(used.headers()["ratelimit-policy"]).toBe('"default";q=600;w=60');
  // The README's one-line client, against this server.
  const printed = execFileSync(process.execPath, ["--import", "tsx", "scripts/api.ts", "GET", "/api/audit-logs?limit=2"], {
    env: { ...process.env, HRG_TOKEN: secret, HRG_URL: new URL(page.url()).origin },
    encoding: "utf8",
  });
  expect((JSON.parse(printed) as { data: unknown[] }).data.length).toBeGreaterThan(0);

  // Never shown again: not after a reload, and not anywhere in the page.
  await page.reload();
  await expect(page.getByTestId("new-token")).toHaveCount(0);
  expect(await page.content()).not.toContain(secret);
  const row = page.getByTestId("api-token").filter({ hasText: name });
  await expect(row).toContainText(secret.slice(0, 8));
  await expect(row).toContainText("Active");

  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 900 });
    expect({ width, violations: await axeViolations(page) }).toEqual({ width, violations: [] });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect({ width, overflow }).toEqual({ width, overflow: 0 });
  }

  await row.getByRole("button", { name: `Revoke ${name}` }).click();
  await expect(page.getByTestId("api-token").filter({ hasText: name })).toContainText("Revoked");
  const refused = await request.get("/api/audit-logs?limit=5", { headers: { authorization: `Bearer ${secret}` } });
  expect(refused.status()).toBe(401);
  expect(refused.headers()["www-authenticate"]).toBe('Bearer error="invalid_token"');
});
