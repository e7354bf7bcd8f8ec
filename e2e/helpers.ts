import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../prisma/demo-accounts";

export { DEMO_ACCOUNTS, DEMO_PASSWORD };

export function account(role: (typeof DEMO_ACCOUNTS)[number]["role"]) {
  return DEMO_ACCOUNTS.find((a) => a.role === role)!;
}

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/sign-in");
  await page.getByLabel("Work email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export async function signInAs(page: Page, role: (typeof DEMO_ACCOUNTS)[number]["role"]) {
  await signIn(page, account(role).email);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Welcome");
}

export async function signOut(page: Page) {
  const menu = page.getByRole("button", { name: "Menu" });
  if (await menu.isVisible()) await menu.click();
  await page.getByRole("button", { name: "Sign out" }).first().click();
  await expect(page).toHaveURL(/\/sign-in/);
}

/** The UTC calendar day `offsetDays` from today, as a date input takes it ("2026-12-24"). */
export function isoDay(offsetDays: number) {
  return new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

/** Fills and sends the leave request form on /leave (days as isoDay gives them). */
export async function requestLeave(page: Page, { start, end, type = "annual", reason }: { start: string; end: string; type?: string; reason: string }) {
  await page.getByLabel("Start date").fill(start);
  await page.getByLabel("End date").fill(end);
  await page.getByLabel("Leave type").selectOption(type);
  await page.getByLabel("Reason", { exact: true }).fill(reason);
  await page.getByRole("button", { name: "Submit request" }).click();
}

/** WCAG 2.1 A and AA rules; returns the violations so a failure names them. */
export async function axeViolations(page: Page) {
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join("; ")})`);
}

export const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** Every CSP violation the page reports, from the console and from the DOM event. */
export async function watchViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/content security policy/i.test(message.text())) violations.push(`console on ${page.url()}: ${message.text()}`);
  });
  page.on("pageerror", (error) => violations.push(`uncaught error on ${page.url()}: ${error.message}`));
  await page.exposeFunction("__reportCspViolation", (text: string) => violations.push(text));
  // Init scripts are injected by the browser's debugging protocol, so the policy does not block this one.
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      const report = (window as unknown as { __reportCspViolation: (t: string) => void }).__reportCspViolation;
      void report(`securitypolicyviolation on ${location.pathname}: ${e.violatedDirective} blocked ${e.blockedURI || "inline"}`);
    });
  });
  return violations;
}
