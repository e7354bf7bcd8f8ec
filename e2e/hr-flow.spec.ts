import { expect, test } from "@playwright/test";
import { isoDay, requestLeave, signInAs, signOut, UUID } from "./helpers";

test("an employee's day, their manager's approval, and the trail it leaves", async ({ page }) => {
  test.setTimeout(120_000);
  await signInAs(page, "employee");

  // Check in from the home page.
  await page.getByRole("button", { name: "Check in" }).click();
  await expect(page.getByTestId("attendance-status")).toContainText("Checked in");
  await expect(page.getByTestId("attendance-status")).toContainText("PKT");
  // A second check-in is refused with a clear message.
  await page.goto("/attendance");
  await expect(page.getByRole("button", { name: "Check out" }).first()).toBeVisible();

  // Start and stop a timer on a task, then complete the task.
  await page.goto("/tasks");
  await page.getByRole("button", { name: "Start timer on Fix flaky login test" }).click();
  await expect(page.getByRole("button", { name: "Stop timer" })).toBeVisible();
  await page.getByRole("button", { name: "Stop timer" }).click();
  await expect(page.getByRole("button", { name: "Stop timer" })).toHaveCount(0);
  await page.getByRole("button", { name: "Complete Fix flaky login test" }).click();
  await expect(page.getByRole("button", { name: "Complete Fix flaky login test" })).toHaveCount(0);

  // Request leave.
  await page.goto("/leave");
  await requestLeave(page, { start: isoDay(20), end: isoDay(21), reason: "Sister's wedding" });
  await expect(page.getByText("Leave request submitted.")).toBeVisible();
  await expect(page.getByTestId("my-leave-request").first()).toContainText("Pending");
  // The same dates again are refused as overlapping.
  await requestLeave(page, { start: isoDay(21), end: isoDay(21), reason: "Second try" });
  await expect(page.getByRole("alert").filter({ hasText: "overlaps these dates" })).toBeVisible();
  await signOut(page);

  // The manager approves it with a reason.
  await signInAs(page, "manager");
  await page.goto("/leave");
  const request = page.getByTestId("leave-to-decide").filter({ hasText: "Sister's wedding" });
  await request.getByLabel("Reason for decision").fill("Cover arranged with Erum");
  await request.getByRole("button", { name: "Approve leave for Faisal Malik" }).click();
  await expect(page.getByTestId("leave-to-decide").filter({ hasText: "Sister's wedding" })).toHaveCount(0);
  await signOut(page);

  // The employee's activity shows every step, in PKT, with no raw ids.
  await signInAs(page, "employee");
  await page.goto("/activity");
  const items = page.getByTestId("activity-item");
  for (const text of [
    "Faisal Malik checked in",
    "Leave request · approved",
    "Cover arranged with Erum",
    "Leave request · submitted",
    "Task · completed",
    "Time log · started",
    "Time log · stopped",
    "Attendance session · checked in",
  ]) {
    await expect(items.filter({ hasText: text }).first()).toBeVisible();
  }
  const body = await page.locator("main").innerText();
  expect(body).toContain("PKT");
  expect(body).not.toMatch(UUID);
  await expect(items.filter({ hasText: "Leave request · approved" }).first()).toContainText("By Daniyal Qureshi");
});
