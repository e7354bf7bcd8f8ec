import { expect, test, type Page } from "@playwright/test";
import { axeViolations, signIn, signInAs, signOut, UUID } from "./helpers";

const SHOTS = process.env.E2E_SHOTS_DIR;
async function shot(page: Page, name: string) {
  // The viewport: what the person sees with the menu or form open.
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png` });
}

const QUERY = "action:leave_request.* status:success";
const NAME = "Successful leave actions (e2e)";

const box = (page: Page) => page.getByRole("searchbox", { name: "Search" });
const rows = (page: Page) => page.getByTestId("audit-row");
const menu = (page: Page) => page.getByTestId("saved-searches");

async function search(page: Page, q: string) {
  await box(page).fill(q);
  await box(page).press("Enter");
  await expect(page).toHaveURL(/[?&]q=/);
  await expect(page.getByRole("button", { name: "Search", exact: true })).toBeVisible();
}

/** The first rows' text, once the list for `q` is on screen. */
async function firstRows(page: Page): Promise<string[]> {
  await expect(rows(page).first()).toContainText("Leave request ·");
  return (await rows(page).allInnerTexts()).slice(0, 10);
}

async function openMenu(page: Page) {
  await menu(page).locator("summary").click();
  await expect(menu(page).getByRole("group", { name: "Saved searches" })).toBeVisible();
}

test("an auditor saves a search with its columns, picks it again after a reload, and another auditor sees it shared", async ({ page }) => {
  test.setTimeout(150_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  await signInAs(page, "auditor");
  await page.goto("/audit");

  // The demo's pinned search is there for everyone, at the top.
  await openMenu(page);
  const pinned = menu(page).getByRole("list", { name: "Pinned for everyone" });
  await expect(pinned.getByRole("link", { name: /Privilege changes outside working hours/ })).toBeVisible();
  await expect(menu(page).getByRole("list", { name: "Yours" }).getByRole("link", { name: /Failed sign-ins outside working hours/ })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(menu(page).getByRole("group", { name: "Saved searches" })).toBeHidden();

  // Search, show the Record column, and save with sharing on.
  await search(page, QUERY);
  await page.getByText("Columns", { exact: true }).click();
  await page.getByRole("checkbox", { name: "Record" }).check();
  await expect(page.getByRole("columnheader", { name: "Record" })).toBeVisible();
  const before = await firstRows(page);
  await page.getByTestId("save-search").locator("summary").click();
  const form = page.getByRole("group", { name: "Save this search" });
  // An empty name is refused before anything is sent.
  await form.getByRole("button", { name: "Save search" }).click();
  await expect(form.getByLabel("Name", { exact: true })).toBeFocused();
  await form.getByLabel("Name", { exact: true }).fill(NAME);
  await form.getByRole("checkbox", { name: "Share with auditors" }).check();
  await expect(form.getByRole("checkbox", { name: "Pin for everyone" })).toHaveCount(0); // admins only
  await shot(page, "saved-searches-save-1280");
  await form.getByRole("button", { name: "Save search" }).click();
  await expect(form.getByRole("status")).toContainText(`Saved “${NAME}”`);
  await expect(page).toHaveURL(/[?&]saved=/);
  await expect(page.getByTestId("current-saved-search")).toContainText(NAME);
  // The same name again is refused, in words.
  await form.getByLabel("Name", { exact: true }).fill(NAME);
  await form.getByRole("button", { name: "Save search" }).click();
  await expect(form.getByRole("alert")).toContainText(`You already have a saved search named "${NAME}"`);

  // A fresh page with other columns: picking the saved search brings back its search,
  // its results and its columns, with the keyboard.
  await page.goto("/audit");
  await page.getByText("Columns", { exact: true }).click();
  await page.getByRole("checkbox", { name: "Record" }).uncheck();
  await page.reload();
  await expect(page.getByRole("columnheader", { name: "Record" })).toHaveCount(0);
  await menu(page).locator("summary").focus();
  await page.keyboard.press("Enter");
  const mine = menu(page).getByRole("list", { name: "Yours" }).getByRole("link", { name: new RegExp(NAME.replace(/[()]/g, "\\$&")) });
  await mine.focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/[?&]saved=/);
  await expect(box(page)).toHaveValue(QUERY);
  await expect(page.getByTestId("current-saved-search")).toContainText(NAME);
  expect(await firstRows(page)).toEqual(before);
  await expect(page.getByRole("columnheader", { name: "Record" })).toBeVisible();
  await expect(menu(page).getByRole("group", { name: "Saved searches" })).toBeHidden();
  await expect(page.locator("main")).not.toContainText(UUID);
  await shot(page, "saved-searches-applied-1280");
  // A new search is no longer the saved one.
  await search(page, "action:leave_request.submitted");
  await expect(page).not.toHaveURL(/[?&]saved=/);
  await expect(page.getByTestId("current-saved-search")).toHaveCount(0);

  // The pinned demo search applies too: privilege changes made outside working hours.
  await openMenu(page);
  await pinned.getByRole("link", { name: /Privilege changes outside working hours/ }).click();
  await expect(box(page)).toHaveValue("action:user.role_changed,user.activated hours:off");
  await expect(rows(page).first()).toContainText(/User · (role changed|activated)/);
  await expect(page.getByRole("columnheader", { name: "About" })).toBeVisible();

  // Another auditor (one of the demo's Compliance Auditors) sees it under "Shared by auditors", with the owner's name.
  const created = await page.request.get(`/api/audit-logs?q=${encodeURIComponent("action:user.created Auditor")}&limit=10`);
  expect(created.status()).toBe(200);
  const names = ((await created.json()) as { data: Array<{ entity: { name: string } }> }).data.map((r) => r.entity.name).filter((n) => n !== "Clara Mendes");
  const actors = await page.request.get(`/api/audit-logs/actors?q=${encodeURIComponent(names[0]!)}`);
  const other = ((await actors.json()) as { data: Array<{ email: string; roleLabel: string }> }).data.find((a) => a.roleLabel === "Auditor")!;
  expect(other.email).not.toBe("auditor@acme.test");
  await signOut(page);
  await signIn(page, other.email);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Welcome");
  await page.goto("/audit");
  await openMenu(page);
  const shared = menu(page).getByRole("list", { name: "Shared by auditors" }).getByRole("link", { name: new RegExp(NAME.replace(/[()]/g, "\\$&")) });
  await expect(shared).toContainText("Shared by Clara Mendes");
  await shared.click();
  await expect(box(page)).toHaveValue(QUERY);
  expect(await firstRows(page)).toEqual(before);
  // Theirs to use, not to change: the management page offers no rename or delete for it.
  await page.goto("/audit/saved");
  const item = page.getByTestId("managed-saved-search").filter({ hasText: NAME });
  await expect(item).toContainText("Clara Mendes's");
  await expect(item.getByRole("button")).toHaveCount(0);
  await signOut(page);

  // The owner renames it, then deletes it, on the management page.
  await signInAs(page, "auditor");
  await page.goto("/audit/saved");
  const own = page.getByTestId("managed-saved-search").filter({ hasText: NAME });
  await own.getByLabel(`Name of “${NAME}”`).fill(`${NAME} renamed`);
  await own.getByRole("button", { name: "Rename" }).click();
  const renamed = page.getByTestId("managed-saved-search").filter({ hasText: `${NAME} renamed` });
  await expect(renamed.getByRole("link", { name: `${NAME} renamed` })).toBeVisible();
  await renamed.getByRole("button", { name: /Delete/ }).click();
  await expect(page.getByTestId("managed-saved-search").filter({ hasText: `${NAME} renamed` })).toHaveCount(0);
  // Each step is in the audit log, in words.
  await page.goto(`/audit?q=${encodeURIComponent("action:saved_search.*")}`);
  await expect(rows(page).filter({ hasText: "Saved search · deleted" }).first()).toContainText(`Clara Mendes deleted their saved search "${NAME} renamed"`);
  await expect(rows(page).filter({ hasText: "Saved search · renamed" }).first()).toBeVisible();
  await expect(rows(page).filter({ hasText: "Saved search · created" }).first()).toBeVisible();
});

for (const width of [1280, 375]) {
  test(`saved searches have no WCAG 2.1 AA violations at ${width} px`, async ({ page }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width, height: 900 });
    await signInAs(page, "auditor");
    await page.goto(`/audit?q=${encodeURIComponent("action:leave_request.*")}`);
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    await expect(page.getByTestId(width < 640 ? "audit-row-card" : "audit-row").first()).toBeVisible();
    if (width === 1280) {
      // Results still first: the toolbar shares the tabs' line.
      const first = (await rows(page).first().boundingBox())!;
      expect(first.y + first.height).toBeLessThanOrEqual(900);
    }
    await shot(page, `saved-searches-results-${width}`);
    await openMenu(page);
    expect({ page: "saved searches menu", violations: await axeViolations(page) }).toEqual({ page: "saved searches menu", violations: [] });
    expect(await overflow()).toBe(0);
    await shot(page, `saved-searches-menu-${width}`);
    await page.getByTestId("save-search").locator("summary").click();
    await expect(menu(page).getByRole("group", { name: "Saved searches" })).toBeHidden();
    const form = page.getByRole("group", { name: "Save this search" });
    await expect(form.getByLabel("Name", { exact: true })).toBeVisible();
    expect({ page: "save form", violations: await axeViolations(page) }).toEqual({ page: "save form", violations: [] });
    expect(await overflow()).toBe(0);
    await shot(page, `saved-searches-form-${width}`);
    await page.goto("/audit/saved");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Saved searches");
    await expect(page.getByTestId("managed-saved-search").first()).toBeVisible();
    expect({ page: "/audit/saved", violations: await axeViolations(page) }).toEqual({ page: "/audit/saved", violations: [] });
    expect(await overflow()).toBe(0);
    await shot(page, `saved-searches-manage-${width}`);
  });
}
