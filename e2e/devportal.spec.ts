import { expect, test } from "@playwright/test";
import { ADMIN, signIn, signUpViaApi } from "./support/users";

/** The developer portal beyond the quick start: browsing signed out, applications, deleting with subscriptions, comments. */
test.setTimeout(120_000);

test.beforeAll(async ({ browser }) => {
  const page = await browser.newPage();
  await signIn(page, ADMIN);
  const response = await page.request.post("/api/v1/publisher/sample");
  expect([200, 201]).toContain(response.status());
  await page.close();
});

test("a visitor browses the catalogue and an API without signing in, and is asked to sign in to subscribe", async ({ page }) => {
  await page.goto("/devportal?tag=pizza");
  await page.getByRole("link", { name: "PizzaShackAPI" }).click();
  await expect(page.getByRole("heading", { level: 1, name: /PizzaShackAPI/ })).toBeVisible();
  await expect(page.getByText("http://localhost:8281/pizzashack/1.0.0").first()).toBeVisible();
  await page.getByRole("link", { name: "Documents" }).click();
  await expect(page.getByRole("heading", { name: "PizzaShack How To" })).toBeVisible();
  await page.getByRole("link", { name: "Overview" }).click();
  await expect(page.getByRole("link", { name: "Sign in to subscribe" })).toBeVisible();
  await page.goto("/devportal/applications");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fdevportal%2Fapplications/);
});

test("a consumer creates an application, subscribes it, and must confirm unsubscribing to delete it", async ({ page, request }) => {
  const user = await signUpViaApi(request, "apps");
  await signIn(page, user, "/devportal/applications");
  await expect(page.getByRole("link", { name: "DefaultApplication" })).toBeVisible();
  await page.getByRole("button", { name: "Create application" }).first().click();
  await page.getByLabel("Name").fill("Mobile app");
  await page.getByLabel("Application tier").selectOption("20PerMin");
  await page.getByRole("button", { name: "Create", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: /Mobile app/ })).toBeVisible();

  await page.goto("/devportal?tag=pizza");
  await page.getByRole("link", { name: "PizzaShackAPI" }).click();
  await page.getByLabel("Application").selectOption({ label: "Mobile app" });
  await page.getByLabel("Tier").selectOption("Gold");
  await page.getByRole("button", { name: "Subscribe" }).click();
  await expect(page.getByRole("list", { name: "Your subscriptions" }).getByText("Gold")).toBeVisible();

  await page.getByRole("list", { name: "Your subscriptions" }).getByRole("link", { name: "Mobile app" }).click();
  // The API page has an Overview tab too: wait for the application's page before choosing its tab.
  await expect(page.getByRole("heading", { level: 1, name: /Mobile app/ })).toBeVisible();
  await page.getByRole("link", { name: "Overview" }).click();
  await page.getByRole("button", { name: "Delete application" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByRole("button", { name: "Delete Mobile app" })).toBeDisabled();
  await dialog.getByLabel("Unsubscribe from everything and delete").check();
  await dialog.getByRole("button", { name: "Delete Mobile app" }).click();
  await expect(page).toHaveURL(/\/devportal\/applications$/);
  await expect(page.getByRole("link", { name: "Mobile app" })).toHaveCount(0);
});

test("comments render Markdown, keep scripts inert, and their authors can delete them", async ({ page, request }) => {
  const user = await signUpViaApi(request, "commenter");
  await signIn(page, user, "/devportal?tag=pizza");
  await page.getByRole("link", { name: "PizzaShackAPI" }).click();
  await page.getByRole("link", { name: "Comments" }).click();
  let alerted = false;
  page.on("dialog", (d) => {
    alerted = true;
    void d.dismiss();
  });
  await page.getByLabel("Add a comment").fill("Great **pizza** API <script>alert('x')</script>");
  await page.getByRole("button", { name: "Post comment" }).click();
  const list = page.getByRole("list", { name: "Comments" });
  await expect(list.locator("strong", { hasText: "pizza" })).toBeVisible();
  expect(await list.locator("script").count()).toBe(0);
  expect(alerted).toBe(false);
  await list.getByRole("button", { name: "Delete" }).first().click();
  await page.getByRole("dialog").getByRole("button", { name: "Delete comment" }).click();
  await expect(page.getByText("No comments yet")).toBeVisible();
});
