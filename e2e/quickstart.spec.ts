import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { ADMIN, signIn, signOut } from "./support/users";

/**
 * WSO2's quick start ("Invoking your first API", seeds/004) in a real browser: the admin deploys the
 * PizzaShack sample, a new consumer signs up, finds it by tag, subscribes DefaultApplication with
 * Bronze, generates production keys and a token, and calls GET /menu from the API console through
 * the gateway (a different origin, so CORS is exercised too).
 */
test.setTimeout(180_000);

let step = 0;
async function snap(page: Page, name: string) {
  step += 1;
  await page.screenshot({ path: `e2e/artifacts/quickstart-${String(step).padStart(2, "0")}-${name}.png`, fullPage: true });
}

test("quick start: deploy the sample, sign up, subscribe, get keys and try GET /menu", async ({ page }) => {
  await signIn(page, ADMIN, "/publisher");
  await page.getByRole("button", { name: /deploy sample api/i }).first().click();
  await expect(page).toHaveURL(/\/publisher\/apis\/[0-9a-f-]{36}/);
  await page.goto("/publisher");
  await expect(page.getByRole("link", { name: "PizzaShackAPI" }).first()).toBeVisible();
  await snap(page, "sample-deployed");
  await signOut(page);

  const suffix = randomBytes(4).toString("hex");
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill(`Pat ${suffix}`);
  await page.getByLabel("Email").fill(`pat-${suffix}@example.test`);
  await page.getByLabel("Password").fill(`pizza-${suffix}-lover`);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText(`Welcome, Pat ${suffix}!`)).toBeVisible();
  await snap(page, "signed-up");

  await page.getByRole("searchbox", { name: "Search" }).fill("tag:pizza");
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await expect(page).toHaveURL(/query=tag%3Apizza/);
  const card = page.getByRole("link", { name: "PizzaShackAPI" });
  await expect(card).toBeVisible();
  await snap(page, "found-by-tag");
  await card.click();

  await expect(page.getByRole("heading", { level: 1, name: /PizzaShackAPI/ })).toBeVisible();
  await page.getByLabel("Application").selectOption({ label: "DefaultApplication" });
  await page.getByLabel("Tier").selectOption("Bronze");
  await page.getByRole("button", { name: "Subscribe" }).click();
  await expect(page.getByRole("list", { name: "Your subscriptions" }).getByText("Bronze")).toBeVisible();
  await snap(page, "subscribed");

  await page.getByRole("link", { name: "DefaultApplication" }).click();
  await expect(page.getByRole("tab", { name: "Production keys", selected: true })).toBeVisible();
  await page.getByRole("button", { name: "Generate keys" }).click();
  await expect(page.getByTestId("consumer-secret")).toContainText("pcs_");
  await expect(page.getByText("you won't see it again")).toBeVisible();
  await snap(page, "production-keys");
  await page.getByRole("button", { name: "Generate access token" }).click();
  await expect(page.getByTestId("access-token")).toContainText(".");
  await snap(page, "access-token");

  await page.getByRole("link", { name: "APIs", exact: true }).first().click();
  await page.getByRole("link", { name: "PizzaShackAPI" }).click();
  await page.getByRole("link", { name: "Try it out" }).click();
  await page.getByLabel("Application").selectOption({ label: "DefaultApplication" });
  await page.getByLabel("Key type").selectOption("PRODUCTION");
  await page.getByRole("button", { name: "Use a fresh token" }).click();
  await expect(page.getByTestId("console-token")).toContainText(".");

  const menu = page.locator(".opblock-get").filter({ has: page.locator('[data-path="/menu"]') });
  await menu.locator(".opblock-summary").click();
  await menu.getByRole("button", { name: "Try it out" }).click();
  await menu.getByRole("button", { name: "Execute" }).click();
  const live = menu.locator(".live-responses-table");
  await expect(live.locator("tbody .response-col_status").first()).toHaveText(/200/);
  await expect(live).toContainText("BBQ Chicken Bacon");
  await live.scrollIntoViewIfNeeded();
  await snap(page, "console-menu");
});
