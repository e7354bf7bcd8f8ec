// Announcements end to end on the real path: the app's server SDK → soketi on
// loopback → pusher-js in the browser, no mock anywhere. Three browser contexts (HR
// operations, a team lead, an employee) are signed in at once.
import { expect, test, type Page } from "@playwright/test";
import { axeViolations, isoDay, signInAs } from "./helpers";

async function openFeed(page: Page) {
  await page.goto("/announcements");
  await expect(page.getByRole("heading", { level: 1, name: "Announcements" })).toBeVisible();
  // Subscribed to the person's private channels (set by the realtime provider).
  await expect(page.locator("html")).toHaveAttribute("data-realtime", "ready", { timeout: 15_000 });
}

test("HR publishes to team leads: the team lead sees it live within 2 s, the employee receives nothing, the acknowledgement shows in reach", async ({ browser }) => {
  test.setTimeout(120_000);
  const title = `Team lead check-ins ${Date.now()}`;
  const [hrContext, leadContext, employeeContext] = await Promise.all([browser.newContext(), browser.newContext(), browser.newContext()]);
  const [hr, lead, employee] = await Promise.all([hrContext.newPage(), leadContext.newPage(), employeeContext.newPage()]);
  await signInAs(hr, "hr_operations");
  await signInAs(lead, "team_lead");
  await signInAs(employee, "employee");

  // Everything the employee's browser receives over its WebSocket.
  const employeeFrames: string[] = [];
  employee.on("websocket", (ws) => ws.on("framereceived", (f) => employeeFrames.push(String(f.payload))));
  await openFeed(lead);
  await openFeed(employee);
  await lead.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));

  await hr.goto("/announcements/new");
  await hr.getByLabel("Title").fill(title);
  await hr.getByLabel("Text").fill("Please finish a **check-in** with each person on your team.\n\n<script>window.__pwned = 1</script>");
  await hr.getByLabel("Everyone").uncheck();
  await hr.getByRole("group", { name: "Roles" }).getByLabel("Team leads").check();
  await hr.getByLabel("Requires acknowledgement").check();
  await hr.getByRole("button", { name: "Preview" }).click();
  const preview = hr.getByRole("region", { name: "Preview" });
  await expect(preview.getByRole("heading", { name: title })).toBeVisible();
  await expect(preview.locator("strong", { hasText: "check-in" })).toBeVisible();
  await expect(preview.getByText("window.__pwned")).toHaveCount(0);
  await hr.getByRole("button", { name: "Publish" }).click();
  await expect(hr).toHaveURL(/\/announcements\/[0-9a-f-]{36}$/);
  const published = Date.now();
  const id = hr.url().split("/").pop()!;

  // The team lead's open page shows it without a reload, within 2 seconds of commit.
  await expect(lead.getByTestId("announcement-notice").filter({ hasText: title })).toBeVisible({ timeout: 2_000 });
  await expect(lead.getByTestId("announcement-card").filter({ hasText: title })).toBeVisible({ timeout: 2_000 });
  expect(Date.now() - published).toBeLessThan(2_000);
  expect(await lead.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
  await expect(lead.getByTestId("announcements-unread").first()).toBeVisible();

  // The employee receives nothing: no frame mentions it, no notice, not in their feed.
  await lead.waitForTimeout(1_500);
  // (The listener works: it saw the employee's own subscriptions succeed.)
  expect(employeeFrames.filter((f) => f.includes("subscription_succeeded")).length).toBeGreaterThanOrEqual(2);
  expect(employeeFrames.filter((f) => f.includes(id) || f.includes("announcement_created"))).toEqual([]);
  await expect(employee.getByTestId("announcement-notice")).toHaveCount(0);
  await expect(employee.getByText(title)).toHaveCount(0);

  // The team lead opens it (marked read) and acknowledges it.
  await lead.getByTestId("announcement-notice").filter({ hasText: title }).getByRole("link", { name: "Open" }).click();
  await expect(lead.getByRole("heading", { level: 1, name: title })).toBeVisible();
  expect(await lead.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  await lead.getByRole("button", { name: "Acknowledge" }).click();
  await expect(lead.getByTestId("acknowledged")).toContainText("You acknowledged this on");

  // The author's reach view shows it.
  await hr.goto(`/announcements/${id}/reach`);
  await expect(hr.getByRole("heading", { level: 1 })).toContainText(title);
  await expect(hr.getByTestId("reach-acknowledged")).toContainText("1");
  await expect(hr.getByTestId("reach-read")).toContainText("1");
  // Who has not acknowledged is the default list; the team lead is not in it, and is in "Acknowledged", by name and time.
  await expect(hr.getByTestId("reach-listed")).toContainText("Not yet acknowledged:");
  await expect(hr.getByTestId("reach-person").filter({ hasText: "Erum Siddiqui" })).toHaveCount(0);
  await hr.getByLabel("Show").selectOption("acknowledged");
  await hr.getByRole("button", { name: "Show", exact: true }).click();
  await expect(hr.getByTestId("reach-listed")).toContainText("Acknowledged: 1 person");
  await expect(hr.getByTestId("reach-person").filter({ hasText: "Erum Siddiqui" })).toContainText(/\d{1,2} [A-Z][a-z]{2} \d{4}/);
  await expect(hr.getByRole("table", { name: "Reach by role" })).toContainText("Team Lead");
  // Remind those who have not acknowledged: once, then refused for the hour.
  await hr.getByRole("button", { name: "Remind those who have not acknowledged" }).click();
  await expect(hr.getByText(/^Reminded \d+ (person|people)\.$/)).toBeVisible();
  await hr.reload();
  await expect(hr.getByText(/Last reminded .*One reminder an hour at most\./)).toBeVisible();
  await hr.getByRole("button", { name: "Remind those who have not acknowledged" }).click();
  await expect(hr.getByRole("alert").filter({ hasText: /the next can be sent from/ })).toBeVisible();
  const download = hr.waitForEvent("download");
  await hr.getByRole("link", { name: "Download CSV" }).click();
  const csv = await (await download).path();
  expect(csv).toBeTruthy();

  await Promise.all([hrContext.close(), leadContext.close(), employeeContext.close()]);
});

// Issue 23: an audience as a rule. (The intern signs in here, before lockout.spec locks
// the intern demo account: files run in name order on one worker.)
test("an admin targets Engineering except interns with email and a deadline: the preview counts and names them, an engineer sees it live and in the mailbox and acknowledges it, the Engineering intern receives nothing", async ({ browser }) => {
  test.setTimeout(180_000);
  const title = `Sprint review moves ${Date.now()}`;
  const [adminContext, engineerContext, internContext] = await Promise.all([browser.newContext(), browser.newContext(), browser.newContext()]);
  const [admin, engineer, intern] = await Promise.all([adminContext.newPage(), engineerContext.newPage(), internContext.newPage()]);
  await signInAs(admin, "admin");
  await signInAs(engineer, "employee");
  await signInAs(intern, "intern");
  const internFrames: string[] = [];
  intern.on("websocket", (ws) => ws.on("framereceived", (f) => internFrames.push(String(f.payload))));
  await openFeed(engineer);
  await openFeed(intern);

  await admin.goto("/announcements/new");
  await admin.getByLabel("Title").fill(title);
  await admin.getByLabel("Text").fill("Thursday at 15:00.");
  await admin.getByLabel("Everyone").uncheck();
  await admin.getByRole("group", { name: "Departments" }).getByLabel("Engineering").check();
  await admin.getByText("Except…").click();
  await admin.getByRole("group", { name: "Except roles" }).getByLabel("Interns").check();
  await admin.getByLabel("Also send by email").check();
  await admin.getByLabel("Requires acknowledgement").check();
  await admin.getByLabel("Acknowledge by (PKT)").fill(isoDay(3));
  await admin.getByLabel("Then alert their managers").check();
  await admin.getByRole("button", { name: "Preview" }).click();
  const preview = admin.getByRole("region", { name: "Preview" });
  await expect(preview.getByRole("heading", { name: "Preview" })).toBeFocused();
  await expect(preview).toContainText("Also emailed to each of them.");
  const said = preview.getByTestId("preview-audience");
  await expect(said).toContainText("For Engineering, except Interns:");
  await expect(said).toContainText(/\d+ people now \(/);
  await expect(said).toContainText("It goes live and is sent to");
  await expect(said).toContainText(/To acknowledge by the end of \d{1,2} [A-Z][a-z]{2} \d{4}; then those who have not are reminded and their managers alerted\./);
  expect(await axeViolations(admin)).toEqual([]);
  await admin.getByRole("button", { name: "Publish" }).click();
  await expect(admin).toHaveURL(/\/announcements\/[0-9a-f-]{36}$/);
  const id = admin.url().split("/").pop()!;

  await expect(engineer.getByTestId("announcement-notice").filter({ hasText: title })).toBeVisible({ timeout: 2_000 });
  await engineer.waitForTimeout(1_500);
  expect(internFrames.filter((f) => f.includes("subscription_succeeded")).length).toBeGreaterThanOrEqual(2);
  expect(internFrames.filter((f) => f.includes(id) || f.includes("announcement_created"))).toEqual([]);
  await expect(intern.getByText(title)).toHaveCount(0);
  const response = await intern.goto(`/announcements/${id}`);
  expect(response?.status()).toBe(404);

  // The engineer acknowledges it; the admin's reach page lists them by name under Acknowledged.
  await engineer.getByTestId("announcement-notice").filter({ hasText: title }).getByRole("link", { name: "Open" }).click();
  await engineer.getByRole("button", { name: "Acknowledge" }).click();
  await expect(engineer.getByTestId("acknowledged")).toContainText("You acknowledged this on");
  await admin.goto(`/announcements/${id}/reach?show=acknowledged`);
  await expect(admin.getByTestId("reach-person").filter({ hasText: "Faisal Malik" })).toBeVisible();
  expect(await axeViolations(admin)).toEqual([]);

  // The manage list says who it is for, in words.
  await admin.goto("/announcements/manage");
  await expect(admin.getByRole("row").filter({ hasText: title })).toContainText("Engineering, except Interns");

  // The engineer's email, to them alone, with the link and the way to unsubscribe; none to the intern.
  await admin.goto(`/admin/mailbox?to=employee%40acme.test&subject=${encodeURIComponent(title)}`);
  const mail = admin.getByTestId("mail").filter({ hasText: `Please acknowledge: ${title}` });
  await expect(async () => {
    await admin.reload();
    await expect(mail).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 90_000, intervals: [3000] });
  await mail.getByText("Show the message").click();
  await expect(mail).toContainText(`/announcements/${id}`);
  // It asks for an acknowledgement, so it is mandatory: no unsubscribe link.
  await expect(mail).toContainText("It asks for an acknowledgement");
  await admin.goto(`/admin/mailbox?to=intern%40acme.test&subject=${encodeURIComponent(title)}`);
  await expect(admin.getByTestId("mail")).toHaveCount(0);
  await Promise.all([adminContext.close(), engineerContext.close(), internContext.close()]);
});

test("someone unsubscribes through the link in an announcement email, without signing in, and can ask for them again", async ({ page, browser }) => {
  test.setTimeout(180_000);
  const title = `Canteen menu ${Date.now()}`;
  await signInAs(page, "admin");
  // Sent by email to the junior engineer alone, not asking for acknowledgement: it may be declined.
  const created = await page.request.post("/api/announcements", {
    data: { title, body: "Biryani on Thursday.", audienceRule: { roles: ["junior_employee"] }, sendEmail: true, startDate: isoDay(0), endDate: isoDay(3) },
  });
  expect(created.status()).toBe(201);
  await page.goto(`/admin/mailbox?to=junior%40acme.test&subject=${encodeURIComponent(title)}`);
  const mail = page.getByTestId("mail").filter({ hasText: `Announcement: ${title}` });
  await expect(async () => {
    await page.reload();
    await expect(mail).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 90_000, intervals: [3000] });
  await mail.getByText("Show the message").click();
  const text = (await mail.locator("pre").textContent())!;
  const link = text.match(/https?:\/\/\S+\/unsubscribe\?token=[^\s\]]+/)?.[0];
  expect(link).toBeTruthy();

  const stranger = await browser.newContext();
  const visitor = await stranger.newPage();
  await visitor.goto(new URL(link!).pathname + new URL(link!).search);
  await expect(visitor.getByRole("heading", { level: 1, name: "Announcement emails" })).toBeVisible();
  await expect(visitor.getByText("Gul Rehman, stop emails of announcements?")).toBeVisible();
  expect(await axeViolations(visitor)).toEqual([]);
  await visitor.getByRole("button", { name: "Stop announcement emails" }).click();
  await expect(visitor.getByRole("status")).toContainText("Gul Rehman, you no longer receive announcement emails.");
  await visitor.getByRole("button", { name: "Receive announcement emails again" }).click();
  await expect(visitor.getByText("Gul Rehman, stop emails of announcements?")).toBeVisible();
  // A forged token names nobody.
  await visitor.goto("/unsubscribe?token=0190a000-0000-7000-8000-000000000001.forged");
  await expect(visitor.getByText("This link is not valid.")).toBeVisible();
  await stranger.close();
});

test("the preview of a window that has ended says it cannot be published, in words, and gives focus back", async ({ page }) => {
  await signInAs(page, "hr_operations");
  await page.goto("/announcements/new");
  await page.getByLabel("Title").fill("Too late");
  await page.getByLabel("Text").fill("b");
  await page.getByLabel("First day (PKT)").fill(isoDay(-10));
  await page.getByLabel("Last day (PKT)").fill(isoDay(-9));
  await page.getByRole("button", { name: "Preview" }).click();
  const preview = page.getByRole("region", { name: "Preview" });
  await expect(preview).toContainText(/From \d{1,2} [A-Z][a-z]{2} \d{4} to \d{1,2} [A-Z][a-z]{2} \d{4}, Pakistan time\. Its last day has passed: nobody would see it, so it cannot be published\./);
  await expect(preview.getByRole("button", { name: /Publish|Save/ })).toHaveCount(0);
  await page.getByRole("button", { name: "Back to editing" }).click();
  await expect(page.getByRole("button", { name: "Preview" })).toBeFocused();
});

test("people who do not author get 404 on every authoring page", async ({ page }) => {
  await signInAs(page, "employee");
  await page.goto("/announcements");
  await page.getByTestId("announcement-card").first().getByRole("link").first().click();
  const id = page.url().split("/").pop()!;
  for (const path of ["/announcements/new", "/announcements/manage", `/announcements/${id}/edit`, `/announcements/${id}/reach`]) {
    const response = await page.goto(path);
    expect({ path, status: response?.status() }).toEqual({ path, status: 404 });
  }
  const api = await page.request.post("/api/announcements", { data: { title: "No", body: "No", audience: "all", startDate: "2026-01-01", endDate: "2030-01-01" } });
  expect(api.status()).toBe(403);
});

for (const width of [1280, 375]) {
  test.describe(`at ${width} px`, () => {
    test.use({ viewport: { width, height: 900 } });

    test("the announcement pages have no WCAG 2.1 AA violations and fit the width", async ({ page }) => {
      test.setTimeout(120_000);
      const check = async (path: string) => {
        await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
        expect({ path, violations: await axeViolations(page) }).toEqual({ path, violations: [] });
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect({ path, overflow }).toEqual({ path, overflow: 0 });
      };
      await signInAs(page, "hr_operations");
      for (const path of ["/announcements", "/announcements/manage", "/announcements/new"]) {
        await page.goto(path);
        await check(path);
      }
      await page.getByLabel("Title").fill("Preview check");
      await page.getByLabel("Text").fill("Some **text** with a [link](https://example.com).");
      await page.getByRole("button", { name: "Preview" }).click();
      await expect(page.getByRole("region", { name: "Preview" })).toBeVisible();
      await check("/announcements/new (preview)");
      await page.goto("/announcements");
      await page.getByTestId("announcement-card").first().getByRole("link").first().click();
      const id = page.url().split("/").pop()!;
      for (const path of [`/announcements/${id}`, `/announcements/${id}/edit`, `/announcements/${id}/reach`]) {
        await page.goto(path);
        await check(path);
      }
      await page.context().clearCookies();
      await signInAs(page, "employee");
      await page.goto("/announcements");
      await check("/announcements (employee)");
      await page.getByTestId("announcement-card").first().getByRole("link").first().click();
      await check("/announcements/[id] (employee)");
    });
  });
}
