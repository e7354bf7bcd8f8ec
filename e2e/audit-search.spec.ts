import fs from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { parseCsv } from "../test/csv";
import { axeViolations, isoDay, requestLeave, signInAs, signOut, UUID } from "./helpers";

const SHOTS = process.env.E2E_SHOTS_DIR;
async function shot(page: Page, name: string) {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

async function search(page: Page, q: string) {
  const box = page.getByRole("searchbox", { name: "Search" });
  await box.fill(q);
  await box.press("Enter");
  await expect(page).toHaveURL(new RegExp(`[?&]q=${encodeURIComponent(q).replace(/[.*]/g, "\\$&").replaceAll("%3A", "(%3A|:)")}`));
  // The URL changes before the results arrive: wait until the search has settled.
  await expect(page.getByRole("button", { name: "Search", exact: true })).toBeVisible();
}

const filters = (page: Page) => page.getByRole("search", { name: "Audit log" });

/** The filter controls sit in a disclosure under the search box: open it. */
async function openFilters(page: Page) {
  const summary = filters(page).getByText("Filters and order");
  if ((await summary.locator("xpath=..").getAttribute("open")) === null) await summary.click();
}

test("an auditor searches leave requests, opens an entry, and sees its diff and the record's history", async ({ page }) => {
  test.setTimeout(120_000);
  // A leave request with field values to diff: the employee submits one.
  await signInAs(page, "employee");
  await page.goto("/leave");
  await requestLeave(page, { start: isoDay(45), end: isoDay(46), reason: "Audit search trip" });
  await expect(page.getByText("Leave request submitted.")).toBeVisible();
  await signOut(page);

  await signInAs(page, "auditor");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Audit log");

  // A bad term is pointed at, inline, before anything is sent.
  const box = page.getByRole("searchbox", { name: "Search" });
  await box.fill("action:leave_request.* bogus:1");
  await expect(page.getByTestId("search-error")).toContainText("Character 24");
  await expect(box).toHaveAttribute("aria-invalid", "true");

  await search(page, "action:leave_request.*");
  const rows = page.getByTestId("audit-row");
  // The URL changes before the filtered rows replace the previous page's: wait for them.
  await expect(rows.first()).toContainText("Leave request ·");
  for (const text of await rows.allInnerTexts()) expect(text).toContain("Leave request ·");
  await expect(page.locator("main")).not.toContainText(UUID);
  await shot(page, "audit-search-1280");

  // A filter writes its term into the box and the URL, and shows as a removable chip;
  // the box's term shows in the filter.
  await openFilters(page);
  await filters(page).getByLabel("Status", { exact: true }).selectOption("success");
  await expect(box).toHaveValue("action:leave_request.* status:success");
  await expect(page).toHaveURL(/status(%3A|:)success/);
  await expect(rows.first()).toBeVisible();
  const chips = page.getByRole("list", { name: "Filters in force" });
  await expect(chips).toContainText("Status: Success");
  await chips.getByRole("button", { name: "Remove the filter Status: Success" }).click();
  await expect(box).toHaveValue("action:leave_request.*");
  await expect(page).not.toHaveURL(/status(%3A|:)success/);
  await page.goto("/audit?q=action%3Aleave_request.*%20risk%3A%3E%3Dmedium");
  await openFilters(page);
  await expect(filters(page).getByLabel("Risk", { exact: true })).toHaveValue(">=medium");
  await filters(page).getByLabel("Order", { exact: true }).selectOption("asc");
  await expect(page).toHaveURL(/order=asc/);

  // Open the employee's submission.
  await page.goto("/audit?q=action%3Aleave_request.submitted");
  // It opens in the drawer beside the results, addressed by the URL.
  const row = page.getByTestId("audit-row").filter({ hasText: "Faisal Malik" }).first().getByRole("link");
  await row.click();
  const drawer = page.getByTestId("entry-drawer");
  await expect(drawer.getByRole("heading", { level: 2 })).toHaveText("Leave request · submitted");
  await expect(drawer.getByRole("heading", { level: 2 })).toBeFocused();
  await expect(page).toHaveURL(/[?&]entry=[0-9a-f-]{36}/);
  const diff = drawer.getByTestId("entry-diff");
  await expect(diff).toBeVisible();
  await expect(diff.getByRole("row", { name: /Status/ })).toContainText("pending");
  await expect(drawer.getByText("Matches the stored entry")).toBeVisible();
  const history = drawer.getByTestId("entity-history");
  await expect(history.getByRole("listitem")).not.toHaveCount(0);
  await expect(history).toContainText("This entry");
  await expect(history).toContainText("State as of this entry");
  await expect(page.locator("main")).not.toContainText(UUID);
  await shot(page, "audit-entry-1280");
  // Esc closes it and puts focus back on the row; the URL opens it again.
  const url = page.url();
  await page.keyboard.press("Escape");
  await expect(drawer).toHaveCount(0);
  await expect(page).not.toHaveURL(/[?&]entry=/);
  await expect(row).toBeFocused();
  await page.goto(url);
  await expect(drawer.getByRole("heading", { level: 2 })).toHaveText("Leave request · submitted");
  // The full page stays, for links from elsewhere.
  await drawer.getByRole("link", { name: "Open as a page" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Leave request · submitted");
  await expect(page.getByTestId("entry-diff")).toBeVisible();
});

test("an auditor sees the search's charts under Insights, drawn after hydration, with their numbers in tables", async ({ page }) => {
  test.setTimeout(90_000);
  await signInAs(page, "auditor");
  const from = isoDay(-30);
  await page.goto(`/audit?q=${encodeURIComponent(`action:leave_request.* risk:>=low created:>=${from}`)}`);
  await page.getByRole("navigation", { name: "Views of this search" }).getByRole("link", { name: "Insights" }).click();
  await expect(page).toHaveURL(/view=insights/);
  await expect(page.getByRole("link", { name: "Insights" })).toHaveAttribute("aria-current", "page");
  const charts = page.getByTestId("audit-charts");
  await expect(charts).toBeVisible();
  const total = Number((await page.getByTestId("charts-window").innerText()).match(/^([\d,]+) entr/)![1]!.replaceAll(",", ""));
  expect(total).toBeGreaterThan(0);
  await expect(page.getByTestId("charts-window")).not.toContainText("last 30 days");
  for (const id of ["chart-over-time", "chart-risk", "chart-outcome", "chart-category", "chart-actors", "chart-actions"]) {
    const card = page.getByTestId(id);
    await expect(card.locator("svg.recharts-surface"), id).toBeVisible();
    await expect(card.locator(".recharts-bar-rectangle").first(), id).toBeAttached();
    // The table's rows add up to the search's total (top-10 lists at most).
    const counts = (await card.locator("tbody td").allInnerTexts()).map((t) => Number(t.replaceAll(",", "")));
    const sum = counts.reduce((a, b) => a + b, 0);
    if (id === "chart-actors" || id === "chart-actions") expect(sum, id).toBeLessThanOrEqual(total);
    else expect(sum, id).toBe(total);
    await expect(card.locator("tfoot td")).toHaveText(sum.toLocaleString("en-US"));
  }
  await expect(page.getByRole("table", { name: "Entries by risk level" }).getByRole("rowheader").first()).toHaveText("Low");
  for (const text of await page.getByTestId("chart-actions").locator("tbody th").allInnerTexts()) expect(text).toContain("Leave request ·");
  // The table can be shown on screen too.
  const toggle = page.getByTestId("chart-risk").getByRole("button", { name: "Show table" });
  await toggle.click();
  await expect(page.getByRole("table", { name: "Entries by risk level" })).toBeVisible();
  await expect(page.getByTestId("chart-risk").getByRole("button", { name: "Hide table" })).toHaveAttribute("aria-expanded", "true");

  // Without a created: term the charts say they cover the last 30 days, and so does the
  // results view's strip, which also says the list covers all time.
  await page.goto("/audit?q=action%3Aleave_request.*&view=insights");
  await expect(page.getByTestId("charts-window")).toContainText("last 30 days");
  await expect(page.getByTestId("chart-over-time").locator("svg.recharts-surface")).toBeVisible();
  await page.getByRole("link", { name: "Results" }).click();
  await expect(page.getByTestId("timeline-summary")).toContainText("in the last 30 days");
  await expect(page.getByTestId("timeline-summary")).toContainText("the list covers all time");
});

test("an auditor narrows a search to a bar of the timeline", async ({ page }) => {
  await signInAs(page, "auditor");
  await page.goto("/audit?q=action%3Aleave_request.*");
  const timeline = page.getByTestId("audit-timeline");
  await expect(timeline.locator("svg.recharts-surface")).toBeVisible();
  await timeline.locator(".recharts-bar-rectangle path, .recharts-bar-rectangle").last().click();
  await expect(page).toHaveURL(/created(%3A|:)\d{4}-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2}/);
  await expect(page.getByRole("searchbox", { name: "Search" })).toHaveValue(/^action:leave_request\.\* created:\d{4}-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2}$/);
  // The same periods are links in the table, for the keyboard.
  await page.goto("/audit?q=action%3Aleave_request.*");
  await timeline.getByRole("button", { name: "Show as table" }).click();
  await timeline.getByRole("table").getByRole("link").first().click();
  await expect(page).toHaveURL(/created(%3A|:)/);
});

test("an auditor narrows the search with a facet and excludes a value with another", async ({ page }) => {
  await signInAs(page, "auditor");
  await page.goto("/audit");
  const facets = page.getByRole("navigation", { name: "Facets" });
  await facets.locator("summary", { hasText: "Category" }).click();
  await facets.getByRole("link", { name: "Security", exact: true }).click();
  await expect(page.getByRole("searchbox", { name: "Search" })).toHaveValue("category:security");
  const rows = page.getByTestId("audit-row");
  await expect(rows.first()).toBeVisible();
  // Exclude the most frequent outcome's opposite: the failures, say.
  await facets.locator("summary", { hasText: "Outcome" }).click();
  await facets.getByRole("link", { name: "Exclude outcome Success" }).click();
  await expect(page.getByRole("searchbox", { name: "Search" })).toHaveValue("category:security -status:success");
  for (const text of (await rows.allInnerTexts()).slice(0, 10)) expect(text).not.toContain("Success");
});

test("a long record history pages ten steps at a time, newest first, and filters by action", async ({ page }) => {
  await signInAs(page, "auditor");
  // A person's record: every sign-in is about them, so its history is long.
  await page.goto(`/audit?q=${encodeURIComponent('action:auth.login_succeeded actor:"Faisal Malik"')}`);
  await page.getByTestId("audit-row").first().getByRole("link").click();
  const drawer = page.getByTestId("entry-drawer");
  const steps = drawer.getByTestId("entity-history").getByRole("listitem");
  await expect(steps).toHaveCount(10);
  const number = async (i: number) => Number((await steps.nth(i).innerText()).match(/^(\d+)\./)?.[1]);
  const first = await number(0);
  expect(await number(9)).toBe(first - 9);
  await drawer.getByRole("link", { name: "Older steps" }).click();
  await expect(page).toHaveURL(/hist_before=/);
  await expect.poll(() => number(0)).toBe(first - 10);
  await drawer.getByRole("link", { name: "Newer steps" }).click();
  await expect.poll(() => number(0)).toBe(first);
  // Only the sign-outs.
  await drawer.getByRole("navigation", { name: "History by action" }).getByRole("link", { name: "Auth · signed out" }).click();
  await expect(page).toHaveURL(/hist_action=auth.signed_out/);
  for (const text of await steps.allInnerTexts()) expect(text).toContain("Auth · signed out");
});

test("an auditor exports the search as CSV, with progress, and the file's rows match the table", async ({ page }) => {
  test.setTimeout(90_000);
  await signInAs(page, "auditor");
  const q = `action:leave_request.* risk:>=medium created:>=${isoDay(-60)}`;
  await page.goto(`/audit?q=${encodeURIComponent(q)}`);
  const rows = page.getByTestId("audit-row");
  await expect(rows.first()).toBeVisible();
  await expect(page.getByTestId("audit-timeline").locator("svg.recharts-surface")).toBeVisible();
  const total = Number((await page.getByTestId("timeline-summary").innerText()).match(/^([\d,]+) entr/)![1]!.replaceAll(",", ""));
  // The entries on screen, in order, by the ids their links carry.
  const shown = await rows.getByRole("link").evaluateAll((links) => links.map((a) => a.getAttribute("data-entry-id")!));
  expect(shown.length).toBeGreaterThan(0);

  const downloaded = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export", exact: true }).click();
  const file = await downloaded;
  expect(file.suggestedFilename()).toMatch(/^audit-log-.*\.csv$/);
  await expect(page.getByTestId("export-status")).toHaveText(`Exported ${total.toLocaleString("en-US")} rows to ${file.suggestedFilename()}.`);
  const [header, ...records] = parseCsv(fs.readFileSync((await file.path())!, "utf8"));
  expect(records).toHaveLength(total);
  const idAt = header!.indexOf("Entry ID");
  expect(records.slice(0, shown.length).map((r) => r[idAt])).toEqual(shown);
  for (const r of records) expect(r[header!.indexOf("Action")]).toMatch(/^leave_request\./);
  for (const r of records) expect(["medium", "high", "critical"]).toContain(r[header!.indexOf("Risk")]);
});

test("an auditor moves through the results with j and k, opens one with Enter, and jumps to the search with /", async ({ page }) => {
  await signInAs(page, "auditor");
  await page.goto("/audit?q=action%3Aleave_request.*");
  const links = page.getByTestId("audit-row").getByRole("link");
  await expect(links.nth(1)).toBeVisible();
  await page.getByRole("heading", { level: 1 }).click(); // nothing focused that takes typing
  await page.keyboard.press("j");
  await expect(links.nth(0)).toBeFocused();
  await page.keyboard.press("j");
  await expect(links.nth(1)).toBeFocused();
  await page.keyboard.press("k");
  await expect(links.nth(0)).toBeFocused();
  await page.keyboard.press("/");
  const box = page.getByRole("searchbox", { name: "Search" });
  await expect(box).toBeFocused();
  // Typed into the box, j is a letter, not a move.
  await page.keyboard.press("End");
  await page.keyboard.type(" j");
  await expect(box).toHaveValue("action:leave_request.* j");
  await page.getByRole("heading", { level: 1 }).click();
  await page.keyboard.press("j");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("entry-drawer")).toBeVisible();
  await expect(page).toHaveURL(/[?&]entry=/);
});

test("an employee sees only their own entries", async ({ page }) => {
  await signInAs(page, "employee");
  await page.goto("/audit");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Audit log");
  await expect(page.getByText("Entries you made and entries about you.")).toBeVisible();
  const rows = page.getByTestId("audit-row");
  await expect(rows.first()).toBeVisible();
  // "About" is a column the person may show (hidden by default so a row fits on one line).
  await page.getByText("Columns", { exact: true }).click();
  await page.getByLabel("About", { exact: true }).check();
  await expect(page.getByRole("columnheader", { name: "About" })).toBeVisible();
  for (const text of await rows.allInnerTexts()) expect(text).toMatch(/\(you\)|\bYou\b/);
  // Another person's entry (the auditor's sign-in) is not found by URL either.
  await search(page, "action:leave_request.*");
  await expect(rows.first()).toBeVisible();
  for (const text of await rows.allInnerTexts()) expect(text).toMatch(/\(you\)|\bYou\b/);
});

for (const width of [1280, 375]) {
  test(`the audit pages have no WCAG 2.1 AA violations at ${width} px`, async ({ page }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width, height: 900 });
    await signInAs(page, "auditor");
    await page.goto("/audit?q=action%3Aleave_request.*");
    // Phones get each entry as a card of labelled values.
    const first = page.getByTestId(width < 640 ? "audit-row-card" : "audit-row").first();
    await expect(first).toBeVisible();
    await expect(page.getByTestId("audit-timeline").locator("svg.recharts-surface")).toBeVisible();
    expect({ page: "/audit", violations: await axeViolations(page) }).toEqual({ page: "/audit", violations: [] });
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(await overflow()).toBe(0);
    if (width === 1280) {
      // Results first: the first row is on screen without scrolling, and the results
      // table fits its box (no sideways scroll) with its default columns.
      const box = (await first.boundingBox())!;
      expect(box.y + box.height).toBeLessThanOrEqual(900);
      const region = page.getByRole("region", { name: "Audit log entries" });
      expect(await region.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
      await shot(page, "audit-results-1280");
    }
    await page.goto("/audit?q=action%3Aleave_request.*&view=insights");
    await expect(page.getByTestId("chart-actions").locator("svg.recharts-surface")).toBeVisible();
    expect({ page: "/audit insights", violations: await axeViolations(page) }).toEqual({ page: "/audit insights", violations: [] });
    expect(await overflow()).toBe(0);
    await page.goto("/audit?q=action%3Aleave_request.*");
    // The search error state too.
    await page.getByRole("searchbox", { name: "Search" }).fill("risk:>=huge");
    await expect(page.getByTestId("search-error")).toBeVisible();
    expect({ page: "/audit (error)", violations: await axeViolations(page) }).toEqual({ page: "/audit (error)", violations: [] });
    if (width === 375) await shot(page, "audit-search-375");

    await page.getByTestId(width < 640 ? "audit-row-card" : "audit-row").first().getByRole("link").click();
    const drawer = page.getByTestId("entry-drawer");
    await expect(drawer.getByRole("heading", { level: 2 })).toContainText("Leave request");
    expect({ page: "entry drawer", violations: await axeViolations(page) }).toEqual({ page: "entry drawer", violations: [] });
    expect(await overflow()).toBe(0);
    if (width === 375) await shot(page, "audit-drawer-375");
    await drawer.getByRole("link", { name: "Open as a page" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Leave request");
    expect({ page: "entry", violations: await axeViolations(page) }).toEqual({ page: "entry", violations: [] });
    expect(await overflow()).toBe(0);
    if (width === 375) await shot(page, "audit-entry-375");
  });
}
