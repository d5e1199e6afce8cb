import { randomBytes } from "node:crypto";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { ADMIN, signIn, signOut, signUpViaApi, type TestUser } from "./support/users";

/**
 * The publisher's day in a real browser: a creator designs an API (two resources, a document) but
 * cannot publish it; a publisher publishes it; the creator makes version 2.0.0; the publisher
 * publishes that with "Deprecate old versions" and sees 1.0.0 DEPRECATED; the definition exported as
 * YAML imports back into a new API with the same resources.
 */
test.describe.configure({ mode: "serial" });
test.setTimeout(120_000);

const suffix = randomBytes(3).toString("hex");
const API = { name: `Orders${suffix}`, context: `/orders-${suffix}` };
let creator: TestUser;
let publisher: TestUser;
let v1Url = "";

/** Roles are set by the admin through PUT /api/v1/admin/users/{id}/roles, with the admin's session. */
async function grantRoles(browser: Browser, users: [TestUser, string[]][]) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, ADMIN, "/publisher");
  for (const [user, roles] of users) {
    const response = await page.request.put(`/api/v1/admin/users/${user.id}/roles`, { data: { roles } });
    expect(response.status(), await response.text()).toBe(200);
  }
  await context.close();
}

async function openApi(page: Page, version: string) {
  await page.goto(`/publisher?query=${encodeURIComponent(API.context)}`);
  const row = page.getByRole("row").filter({ hasText: API.context }).filter({ has: page.getByRole("cell", { name: version, exact: false }) });
  await row.getByRole("link", { name: API.name }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(version);
}

test.beforeAll(async ({ browser, request }) => {
  creator = await signUpViaApi(request, "creator");
  publisher = await signUpViaApi(request, "publisher");
  await grantRoles(browser, [
    [creator, ["creator", "subscriber"]],
    [publisher, ["publisher", "subscriber"]],
  ]);
});

test("a creator designs an API with two resources and a document, and cannot publish it", async ({ page, baseURL }) => {
  await signIn(page, creator, "/publisher");
  await page.getByRole("link", { name: "Create API" }).first().click();
  await page.getByRole("textbox", { name: "Name", exact: true }).fill(API.name);
  await page.getByRole("textbox", { name: "Context", exact: true }).fill(API.context);
  await page.getByRole("textbox", { name: "Version", exact: true }).fill("1.0.0");
  await page.getByRole("textbox", { name: "Production endpoint" }).fill(`${baseURL}/sample-backend/pizzashack/v1/api/menu`);
  await page.getByRole("button", { name: "Test the production endpoint" }).click();
  await expect(page.getByText("Reachable", { exact: true })).toBeVisible();
  await page.getByRole("button", { name: "Create API" }).click();

  await expect(page).toHaveURL(/\/publisher\/apis\/[0-9a-f-]+\/resources$/);
  v1Url = page.url().replace(/\/resources$/, "");
  for (const [method, target] of [["GET", "/orders"], ["POST", "/orders/{orderId}"]]) {
    await page.getByLabel("New resource method").selectOption(method);
    await page.getByLabel("New resource URI template").fill(target);
    await page.getByRole("button", { name: "Add resource" }).click();
  }
  await page.getByLabel("Auth type of POST /orders/{orderId}").selectOption("Application User");
  await page.getByRole("button", { name: "Save resources" }).click();
  await expect(page.getByText("Resources saved", { exact: true })).toBeVisible();

  await page.getByRole("navigation", { name: "API sections" }).getByRole("link", { name: "Documents" }).click();
  await page.getByRole("link", { name: "Add document" }).click();
  await page.getByRole("textbox", { name: "Name", exact: true }).fill("Getting started");
  await page.getByLabel("Content (Markdown)").fill("# Welcome\n\nCall **GET /orders** first.");
  await page.getByRole("button", { name: "Add document" }).click();
  await expect(page.getByRole("heading", { name: "Welcome" })).toBeVisible();

  await page.getByRole("navigation", { name: "API sections" }).getByRole("link", { name: "Lifecycle" }).click();
  await expect(page.getByText("Only publishers change the lifecycle")).toBeVisible();
  await expect(page.getByRole("button", { name: "Publish" })).toHaveCount(0);
  const refused = await page.request.post(`/api/v1/publisher/apis/${v1Url.split("/").pop()}/lifecycle`, { data: { action: "Publish" } });
  expect(refused.status()).toBe(403);
  await signOut(page);
});

test("a publisher publishes it", async ({ page }) => {
  await signIn(page, publisher, "/publisher");
  await page.goto(`${v1Url}/lifecycle`);
  await page.getByRole("button", { name: "Publish" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Publish" }).click();
  await expect(page.getByRole("heading", { level: 1 }).getByText("PUBLISHED")).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: publisher.email })).toContainText("Publish");
  await signOut(page);
});

test("the creator makes version 2.0.0 and the publisher publishes it, deprecating 1.0.0", async ({ page }) => {
  await signIn(page, creator, "/publisher");
  await page.goto(`${v1Url}/versions`);
  await page.getByRole("button", { name: "Create new version" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("textbox", { name: "Version" }).fill("2.0.0");
  await dialog.getByRole("button", { name: "Create version" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("2.0.0");
  await expect(page.getByRole("heading", { level: 1 }).getByText("CREATED")).toBeVisible();
  await signOut(page);

  await signIn(page, publisher, "/publisher");
  await openApi(page, "2.0.0");
  await page.getByRole("navigation", { name: "API sections" }).getByRole("link", { name: "Lifecycle" }).click();
  await page.getByRole("button", { name: "Publish" }).click();
  await page.getByRole("dialog").getByLabel("Deprecate old versions").check();
  await page.getByRole("dialog").getByRole("button", { name: "Publish" }).click();
  await expect(page.getByText("Deprecated 1.0.0.", { exact: true })).toBeVisible();
  await page.getByRole("navigation", { name: "API sections" }).getByRole("link", { name: "Versions" }).click();
  await expect(page.getByRole("row").filter({ hasText: "1.0.0" })).toContainText("DEPRECATED");
  await expect(page.getByRole("row").filter({ hasText: "2.0.0" })).toContainText("PUBLISHED");
  await signOut(page);
});

test("the definition exported as YAML imports back with the same resources", async ({ page }) => {
  await signIn(page, creator, "/publisher");
  await page.goto(`${v1Url}/definition`);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download YAML" }).click()]);
  const yaml = await (await download.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks));
  expect(yaml.toString()).toContain("/orders/{orderId}:");

  await page.goto("/publisher/apis/import");
  await page.getByLabel("OpenAPI file").setInputFiles({ name: "orders.yaml", mimeType: "application/yaml", buffer: yaml });
  await page.getByRole("textbox", { name: "Name", exact: true }).fill(`${API.name}Copy`);
  await page.getByRole("textbox", { name: "Context", exact: true }).fill(`${API.context}-copy`);
  await page.getByRole("button", { name: "Import" }).click();
  await expect(page).toHaveURL(/\/publisher\/apis\/[0-9a-f-]+\/endpoints$/);
  const copyId = page.url().split("/").at(-2);

  const original = await (await page.request.get(`/api/v1/publisher/apis/${v1Url.split("/").pop()}`)).json();
  const copy = await (await page.request.get(`/api/v1/publisher/apis/${copyId}`)).json();
  expect(copy.resources).toEqual(original.resources);
  await page.getByRole("navigation", { name: "API sections" }).getByRole("link", { name: "Resources" }).click();
  await expect(page.getByLabel("URI template of GET /orders", { exact: true })).toHaveValue("/orders");
  await expect(page.getByLabel("Auth type of POST /orders/{orderId}")).toHaveValue("Application User");
});
