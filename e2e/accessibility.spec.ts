import { expect, test } from "@playwright/test";
import { axeViolations, signInAs, type DEMO_ACCOUNTS } from "./helpers";

type Role = (typeof DEMO_ACCOUNTS)[number]["role"];

// Every page, as the roles that use it, at a 375 px phone width.
const PAGES: Array<[Role, string[]]> = [
  ["employee", ["/", "/attendance", "/tasks", "/tasks/time-logs", "/leave", "/projects", "/activity"]],
  ["manager", ["/team", "/attendance", "/tasks", "/tasks/time-logs", "/leave", "/projects"]],
  ["hr_operations", ["/admin/people", "/attendance", "/leave"]],
  ["admin", ["/admin/people", "/admin/people/new", "/audit/verify", "/projects"]],
  ["auditor", ["/audit/verify", "/audit/alerts"]],
];

test.use({ viewport: { width: 375, height: 812 } });

test("the sign-in page has no WCAG 2.1 AA violations at 375 px", async ({ page }) => {
  await page.goto("/sign-in");
  expect(await axeViolations(page)).toEqual([]);
});

for (const [role, paths] of PAGES) {
  test(`${role}'s pages have no WCAG 2.1 AA violations and fit 375 px`, async ({ page }) => {
    test.setTimeout(120_000);
    await signInAs(page, role);
    for (const path of paths) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      expect({ path, violations: await axeViolations(page) }).toEqual({ path, violations: [] });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect({ path, overflow }).toEqual({ path, overflow: 0 });
    }
  });
}

test("a person's detail page and an attendance correction page pass too", async ({ page }) => {
  test.setTimeout(120_000);
  await signInAs(page, "admin");
  await page.goto("/admin/people?q=Faisal");
  await page.getByRole("link", { name: /Faisal Malik/ }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Faisal Malik");
  expect(await axeViolations(page)).toEqual([]);
  await page.goto("/attendance");
  await page.getByRole("link", { name: /^Correct/ }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Correct");
  expect(await axeViolations(page)).toEqual([]);
});
