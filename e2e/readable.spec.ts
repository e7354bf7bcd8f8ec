import { expect, test, type Page } from "@playwright/test";
import { signInAs, UUID } from "./helpers";

// Auditors read the log, not its codes: the visible text of the results, the entry
// drawer and My activity names things (people, alerts, records, roles, actions) and
// never shows an id or a raw code. The search box and its help are the one place that
// speaks the search language, so they are left out.
const SNAKE = /\b[a-z]+(?:_[a-z0-9]+)+\b/g; // idle_after_checkin, hr_operations, leave_request
const CODE = /\b[a-z_]+\.[a-z_]+\b/g; // leave_request.submitted

function offenders(raw: string): string[] {
  // Email addresses are data (and hold dots and underscores): not codes.
  const text = raw.replace(/[\w.+-]+@[\w.-]+/g, "");
  const found = new Set<string>();
  for (const re of [UUID, SNAKE, CODE]) for (const m of text.matchAll(new RegExp(re.source, re.flags.includes("g") ? re.flags : `${re.flags}g`))) found.add(m[0]);
  return [...found];
}

// The visible text the product wrote: prose people wrote (an announcement's text, a
// reason; marked data-written) is data and may hold anything, so it is left out.
async function visibleText(page: Page, selector: string): Promise<string> {
  return page.locator(selector).first().evaluate((root: HTMLElement) => {
    const written = [...root.querySelectorAll<HTMLElement>("[data-written]")];
    for (const el of written) el.style.display = "none";
    const text = root.innerText;
    for (const el of written) el.style.display = "";
    return text;
  });
}

test("the auditor's results and drawers show names and labels, never ids or codes", async ({ page }) => {
  test.setTimeout(300_000);
  await signInAs(page, "auditor");
  // A refusal on record: resolving an alert that is not the auditor's (none has this id).
  const refused = await page.request.post("/api/alerts/0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b/resolve");
  expect(refused.status()).toBe(404);
  const seen: Record<string, string[]> = {};
  for (const q of ["", "category:security", "type:access_denied", "action:alert.*", "action:scan.*", "action:user.*", "action:announcement.*"]) {
    await page.goto(`/audit?q=${encodeURIComponent(q)}`);
    const region = page.getByRole("region", { name: "Audit log entries" });
    if ((await region.count()) === 0) continue;
    const found = offenders(await visibleText(page, '[aria-label="Audit log entries"]'));
    if (found.length) seen[`results ${q || "(all)"}`] = found;
    const links = page.getByTestId("audit-row").getByRole("link");
    const n = Math.min(await links.count(), 8);
    for (let i = 0; i < n; i++) {
      await links.nth(i).click();
      const drawer = page.getByTestId("entry-drawer");
      await expect(drawer).toBeVisible();
      const text = await visibleText(page, '[data-testid="entry-drawer"]');
      const bad = offenders(text);
      if (bad.length) seen[`drawer ${q || "(all)"} #${i}`] = bad;
      await page.keyboard.press("Escape");
      await expect(drawer).toHaveCount(0);
    }
  }
  expect(seen).toEqual({});
  // The refusal reads as what was tried, not as an id or a path.
  await page.goto(`/audit?q=${encodeURIComponent("type:access_denied")}`);
  await expect(page.getByRole("region", { name: "Audit log entries" })).toContainText("Tried to resolve an alert that is not theirs, or does not exist");
});

for (const role of ["employee", "manager", "hr_operations"] as const) {
  test(`My activity, as ${role}, shows names and labels, never ids or codes`, async ({ page }) => {
    await signInAs(page, role);
    await page.goto("/activity");
    await expect(page.getByTestId("activity-item").first()).toBeVisible();
    expect(offenders(await visibleText(page, "main"))).toEqual([]);
  });
}

test("the sessions and data-access workspaces show names and labels, never ids or codes", async ({ page }) => {
  await signInAs(page, "admin");
  for (const q of ["", "?status=failure", "?suspicious=true"]) {
    await page.goto(`/audit/sessions${q}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sign-in sessions");
    expect(offenders(await visibleText(page, "main"))).toEqual([]);
  }
  for (const q of ["", "?access_status=denied", "?data_category=health_data"]) {
    await page.goto(`/audit/data-access${q}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Data access");
    // The filters' option values are codes; their text is not. The results and headings are what a person reads.
    expect(offenders(await visibleText(page, '[aria-label="Data access records"]'))).toEqual([]);
  }
});
