import { expect, test } from "@playwright/test";
import { account, signIn } from "./helpers";

// Runs after the other specs (files run in name order): it locks the intern's account.
test("the sixth wrong password in a row locks the account with a clear message", async ({ page }) => {
  const { email } = account("intern");
  for (let i = 1; i <= 5; i++) {
    await signIn(page, email, `wrong-${i}`);
    await expect(page.locator("#sign-in-error")).toHaveText("Incorrect email or password.");
  }
  await signIn(page, email, "wrong-6");
  await expect(page.locator("#sign-in-error")).toContainText("This account is locked after too many failed sign-in attempts. Try again after");
  await expect(page.locator("#sign-in-error")).toContainText("PKT");
  // Even the right password is refused until the cool-down ends.
  await signIn(page, email);
  await expect(page.locator("#sign-in-error")).toContainText("This account is locked");
  await expect(page).toHaveURL(/\/sign-in/);
});
