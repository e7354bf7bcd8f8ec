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
