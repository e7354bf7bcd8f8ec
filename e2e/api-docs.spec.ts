import { expect, test, type Page } from "@playwright/test";
import { axeViolations, signInAs, watchViolations } from "./helpers";

// The API reference at /docs/api: rendered on the server from /api/openapi.json, for
// every role, under the strict CSP, with nothing fetched from another origin.

type Doc = {
  tags: Array<{ name: string }>;
  paths: Record<string, Record<string, { summary: string }>>;
  components: { schemas: { Error: { properties: { error: { properties: { code: { enum: string[] } } } } } } };
};

/** Every HTTP request the page makes to an origin other than this server's (fonts, CDNs, images). */
function watchForeignRequests(page: Page, origin: string): string[] {
  const foreign: string[] = [];
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.protocol !== "data:" && url.protocol !== "blob:" && url.origin !== origin) foreign.push(`${request.method()} ${request.url()}`);
  });
  return foreign;
}

test("a signed-out visitor is sent to sign in", async ({ page }) => {
  await page.goto("/docs/api");
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.getByRole("heading", { name: "Sign in to your account" })).toBeVisible();
});

for (const role of ["employee", "auditor"] as const) {
  test(`${role} reads the API reference: every tag and operation, no CSP violation, nothing from elsewhere, axe-clean at 1280 and 375 px`, async ({ page, baseURL }) => {
    test.setTimeout(120_000);
    const violations = await watchViolations(page);
    const foreign = watchForeignRequests(page, new URL(baseURL!).origin);
    await page.setViewportSize({ width: 1280, height: 900 });
    await signInAs(page, role);

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "API docs" }).click();
    await expect(page).toHaveURL(/\/docs\/api$/);
    await expect(page.getByRole("heading", { level: 1, name: "API documentation" })).toBeVisible();

    const doc = (await (await page.request.get("/api/openapi.json")).json()) as Doc;
    // Every tag of the document is a section heading, in the document's order.
    const tagHeadings = page.getByTestId("api-tag").getByRole("heading", { level: 2 });
    await expect(tagHeadings).toHaveText(doc.tags.map((t) => t.name));
    // Every operation is there, under its summary.
    const summaries = Object.values(doc.paths).flatMap((item) => Object.values(item).map((op) => op.summary));
    await expect(page.getByTestId("api-operation")).toHaveCount(summaries.length);
    for (const summary of summaries) await expect(page.getByRole("heading", { level: 3, name: summary, exact: true })).toHaveCount(1);

    const list = page.getByRole("region", { name: "List audit entries", exact: true });
    await expect(list.getByTestId("operation-endpoint")).toHaveText(/^GET\s*\/api\/audit-logs$/);
    await expect(list.getByTestId("operation-access")).toContainText("audit:read");
    await expect(list.getByRole("table", { name: "Parameters of List audit entries" })).toContainText("limit");
    // The descriptions' Markdown is rendered: code spans, no backticks left.
    await expect(list.locator("code", { hasText: "invalid_query" }).first()).toBeVisible();
    expect(await list.textContent()).not.toContain("`");
    // Failures are one compact row per status, with their codes.
    await expect(list.getByRole("list", { name: "Errors of List audit entries" }).getByRole("listitem").filter({ hasText: "429" })).toContainText("rate_limited");
    await expect(page.getByRole("region", { name: "List API tokens", exact: true }).getByTestId("operation-access")).toHaveText(/Browser session only/);

    // The intro: tokens, the one-line client, rate limits, every error code, the document.
    await expect(page.getByRole("link", { name: "Download openapi.json" })).toHaveAttribute("href", "/api/openapi.json");
    await expect(page.getByRole("region", { name: "Authentication" })).toContainText("Authorization: Bearer hrg_…");
    await expect(page.getByRole("region", { name: "Authentication" })).toContainText('npm run api -- GET "/api/audit-logs?q=');
    await expect(page.getByRole("region", { name: "Rate limits" })).toContainText("Retry-After");
    const errors = page.getByRole("region", { name: "Errors", exact: true });
    // The error body's tree lists every code of the Error schema's enum.
    for (const code of doc.components.schemas.Error.properties.error.properties.code.enum) await expect(errors.getByTestId("schema-tree").locator("code", { hasText: new RegExp(`^${code}$`) })).toHaveCount(1);

    // The contents link to each tag.
    await page.getByRole("navigation", { name: "API contents" }).getByRole("link", { name: "Announcements", exact: true }).click();
    await expect(page).toHaveURL(/#tag-announcements$/);

    // Collapsed trees opened, so axe and the width check see everything.
    await page.evaluate(() => document.querySelectorAll("details").forEach((d) => (d.open = true)));
    for (const width of [1280, 375]) {
      await page.setViewportSize({ width, height: 900 });
      expect({ width, violations: await axeViolations(page) }).toEqual({ width, violations: [] });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect({ width, overflow }).toEqual({ width, overflow: 0 });
    }

    await page.waitForLoadState("networkidle");
    expect(violations).toEqual([]);
    expect(foreign).toEqual([]);
  });
}
