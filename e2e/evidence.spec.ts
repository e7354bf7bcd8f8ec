import { expect, test } from "@playwright/test";
import { verifyBundle } from "../lib/audit/evidence/verify-bundle.mjs";
import { axeViolations, isoDay, signInAs } from "./helpers";

// An auditor takes a search out as an evidence bundle and checks it as an outside
// auditor would: with the verifier alone, no app, no database.

test("an auditor exports a search as an evidence bundle, sees it being built, and the bundle verifies offline", async ({ page }) => {
  test.setTimeout(90_000);
  await signInAs(page, "auditor");
  // Up to two days ago: the demo's own entries, all covered by the checkpoint signed at start.
  const q = `action:leave_request.* created:${isoDay(-60)}..${isoDay(-2)}`;
  await page.goto(`/audit?q=${encodeURIComponent(q)}`);
  await expect(page.getByTestId("audit-row").first()).toBeVisible();
  const total = Number((await page.getByTestId("timeline-summary").innerText()).match(/^([\d,]+) entr/)![1]!.replaceAll(",", ""));

  await page.getByLabel("Format").selectOption("bundle");
  expect(await axeViolations(page)).toEqual([]);
  const downloaded = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export", exact: true }).click();
  const file = await downloaded;
  expect(file.suggestedFilename()).toMatch(/^audit-evidence-.*\.zip$/);
  await expect(page.getByTestId("export-status")).toContainText(`Saved the evidence bundle ${file.suggestedFilename()}`);
  await expect(page.getByTestId("export-status")).toContainText("run node verify-bundle.mjs");

  const result = await verifyBundle((await file.path())!);
  expect(result.lines.join("\n")).toMatch(/^Verified: [\d,]+ entries are the audit log's own/);
  expect(result).toMatchObject({ code: 0, entries: total, notYetProvable: 0 });
});

test("an admin keeps security entries ten years; the change is saved, recorded with old and new values, and shown on entries", async ({ page }) => {
  await signInAs(page, "admin");
  await page.goto("/admin/settings");
  const field = page.getByLabel("Security (months)");
  await expect(field).toHaveValue("84");
  await expect(field).toHaveAttribute("max", "120");
  await field.fill("120");
  await page.getByRole("button", { name: "Save retention" }).click();
  await expect(page.getByText("Retention saved.")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Security (months)")).toHaveValue("120");
  expect(await axeViolations(page)).toEqual([]);

  await page.goto(`/audit?q=${encodeURIComponent("action:settings.audit_retention_changed")}`);
  const row = page.getByTestId("audit-row").first();
  await expect(row).toContainText("Security 84 → 120 months");
  await row.getByRole("link").first().click();
  // The change itself is kept for the longest time allowed.
  await expect(page.getByText(/^120 months \(until/)).toBeVisible();
});
