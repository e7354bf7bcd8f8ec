import { expect, test } from "@playwright/test";
import { account, axeViolations, isoDay, requestLeave, signInAs, signOut } from "./helpers";

// "Who looked at this person's record": a sick-leave reason read by HR and withheld from
// the deciding manager, as the auditor's workspace and the employee's own page show it.
test("reads of sick-leave reasons are on record: the deciding manager's refused, HR's granted, shown by whose data it was", async ({ page }) => {
  const employee = account("employee");
  await signInAs(page, "employee");
  await page.goto("/leave");
  await requestLeave(page, { start: isoDay(60), end: isoDay(61), type: "sick", reason: "Migraine follow-up" });
  await expect(page.getByText("Leave request submitted.")).toBeVisible();
  await signOut(page);

  await signInAs(page, "manager");
  await page.goto("/leave");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Leave");
  // The reason is withheld from the deciding manager.
  await expect(page.getByText("Migraine follow-up")).toHaveCount(0);
  await signOut(page);
  // HR Operations reads the reasons of the oldest pending requests (health information for the sick ones).
  await signInAs(page, "hr_operations");
  await page.goto("/leave");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Leave");
  await signOut(page);

  await signInAs(page, "auditor");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Data access" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Data access");
  const form = page.getByRole("search", { name: "Data access" });
  await form.getByLabel("Whose data").selectOption({ label: employee.name });
  await form.getByLabel("Category").selectOption({ label: "Health data" });
  await form.getByRole("button", { name: "Filter" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Who read ${employee.name}'s data`);
  const rows = page.getByTestId("access-row");
  const refused = rows.filter({ hasText: account("manager").name }).first();
  await expect(refused).toContainText("Refused");
  await expect(refused).toContainText("Leave request: reason");
  await expect(refused).toContainText("Health");
  // HR's reads, of whoever's sick leave was among the requests shown.
  await page.goto(`/audit/data-access?user_id=&data_category=health_data&access_status=granted`);
  await expect(page.getByTestId("access-row").filter({ hasText: account("hr_operations").name }).first()).toContainText("Granted");
  await signOut(page);

  // The employee sees who read their data on My activity.
  await signInAs(page, "employee");
  await page.goto("/activity");
  const reads = page.getByTestId("data-reads");
  await expect(reads).toContainText(account("manager").name);
  await expect(reads).toContainText("Refused");
});

for (const width of [1280, 375]) {
  test(`the data-access workspace has no WCAG 2.1 AA violations at ${width} px`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    await signInAs(page, "auditor");
    await page.goto("/audit/data-access");
    await expect(page.getByTestId(width < 640 ? "access-row-card" : "access-row").first()).toBeVisible();
    expect(await axeViolations(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
  });
}
