import { expect, test } from "@playwright/test";
import { ADMIN, signIn, signOut, signUpViaApi } from "./support/users";

test("a new person signs up, lands in the developer portal, signs out and in again", async ({ page }) => {
  const suffix = Date.now().toString(36);
  const email = `consumer-${suffix}@example.test`;
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill("Casey Consumer");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("consumer-password");
  await page.getByRole("button", { name: "Create account" }).click();

  await expect(page).toHaveURL(/\/devportal/);
  await expect(page.getByText("Welcome, Casey Consumer!")).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Portals" }).getByRole("link")).toHaveText(["Developer Portal"]);

  await signOut(page);
  await signIn(page, { email, password: "consumer-password" });
  await expect(page.getByRole("heading", { name: "APIs", level: 1 })).toBeVisible();
});

test("sign-up explains what is wrong with the form", async ({ page }) => {
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill("Shorty");
  await page.getByLabel("Email").fill(`short-${Date.now()}@example.test`);
  await page.getByLabel("Password").fill("short");
  await page.evaluate(() => document.querySelector("form")?.setAttribute("novalidate", ""));
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Use at least 8 characters.")).toBeVisible();
});

test("a wrong password is refused with a clear message", async ({ page, request }) => {
  const user = await signUpViaApi(request);
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Email or password is incorrect.")).toBeVisible();
});

test("the admin signs in and sees every portal, including Admin", async ({ page }) => {
  await signIn(page, ADMIN);
  const portals = page.getByRole("navigation", { name: "Portals" });
  await expect(portals.getByRole("link")).toHaveText(["Developer Portal", "Publisher", "Admin"]);
  await portals.getByRole("link", { name: "Admin" }).click();
  await page.getByRole("navigation", { name: "Admin sections" }).getByRole("link", { name: "Users" }).click();
  await expect(page.getByRole("heading", { name: "Users", level: 1 })).toBeVisible();
  await expect(page.getByRole("cell", { name: ADMIN.email })).toBeVisible();
});

test("a subscriber is refused the publisher and admin portals", async ({ page, request }) => {
  const user = await signUpViaApi(request, "subscriber");
  await signIn(page, user);
  for (const path of ["/publisher", "/admin"]) {
    const response = await page.goto(path);
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "You don't have access to this portal" })).toBeVisible();
  }
});

test("signed-out visitors are sent to sign in and come back afterwards", async ({ page }) => {
  await page.goto("/publisher");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fpublisher/);
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/publisher$/);
});
