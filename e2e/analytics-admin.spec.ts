import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { ADMIN, signIn, signOut, signUpViaApi } from "./support/users";

/**
 * Issue 8's journeys: an admin creates a creator who signs in and creates an API, and the audit log
 * lists both; traffic through the gateway shows up in the publisher's and the consumer's usage
 * within a minute or so (the roll-up job runs every 30 s).
 */
test.describe.configure({ mode: "serial" });
test.setTimeout(180_000);

const gateway = `http://localhost:${process.env.E2E_GATEWAY_PORT ?? "8281"}`;

test("an admin creates a creator, who signs in and creates an API; the audit log lists both", async ({ page, baseURL }) => {
  const suffix = randomBytes(3).toString("hex");
  const email = `creator-${suffix}@example.test`;
  await signIn(page, ADMIN, "/admin/users");
  await page.getByRole("link", { name: "Create user" }).click();
  // Filled again until the values stick: on a loaded machine the first keystrokes can land before hydration.
  await expect(async () => {
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Name").fill(`Cory ${suffix}`);
    await expect(page.getByLabel("Email")).toHaveValue(email, { timeout: 500 });
    await expect(page.getByLabel("Name")).toHaveValue(`Cory ${suffix}`, { timeout: 500 });
  }).toPass({ timeout: 15_000 });
  await page.getByRole("checkbox", { name: /^creator/ }).check();
  await page.getByRole("button", { name: "Create user" }).click();
  const password = (await page.getByTestId("generated-password").textContent())!.trim();
  expect(password.length).toBeGreaterThanOrEqual(16);
  await signOut(page);

  await signIn(page, { email, password }, "/publisher");
  await page.getByRole("link", { name: "Create API" }).first().click();
  await page.getByRole("textbox", { name: "Name", exact: true }).fill(`Audited${suffix}`);
  await page.getByRole("textbox", { name: "Context", exact: true }).fill(`/audited-${suffix}`);
  await page.getByRole("textbox", { name: "Version", exact: true }).fill("1.0.0");
  await page.getByRole("textbox", { name: "Production endpoint" }).fill(`${baseURL}/sample-backend/pizzashack/v1/api`);
  await page.getByRole("button", { name: "Create API" }).click();
  await expect(page).toHaveURL(/\/publisher\/apis\/[0-9a-f-]{36}/);
  await signOut(page);

  await signIn(page, ADMIN, "/admin/audit");
  await expect(page.getByRole("cell", { name: "user.create" }).first()).toBeVisible();
  const apiCreated = page.getByRole("row").filter({ hasText: "api.create" }).filter({ hasText: email });
  await expect(apiCreated.first()).toBeVisible();
});

test("gateway traffic shows up in the publisher's analytics and the consumer's usage", async ({ page }) => {
  await signIn(page, ADMIN, "/publisher");
  await page.getByRole("button", { name: /deploy sample api/i }).first().click();
  await expect(page).toHaveURL(/\/publisher\/apis\/[0-9a-f-]{36}/);
  await signOut(page);

  const consumer = await signUpViaApi(page.request, "analyst");
  await signIn(page, consumer, "/devportal");
  const [api] = (await (await page.request.get("/api/v1/devportal/apis?query=tag:pizza")).json()) as { id: string }[];
  const applications = (await (await page.request.get("/api/v1/devportal/applications")).json()) as { id: string; name: string }[];
  const app = applications.find((a) => a.name === "DefaultApplication")!;
  const subscribed = await page.request.post("/api/v1/devportal/subscriptions", { data: { applicationId: app.id, apiId: api.id, throttlingTier: "Bronze" } });
  expect(subscribed.status(), await subscribed.text()).toBe(201);
  expect((await page.request.post(`/api/v1/devportal/applications/${app.id}/keys/PRODUCTION`)).status()).toBe(201);
  const { accessToken } = (await (await page.request.post(`/api/v1/devportal/applications/${app.id}/keys/PRODUCTION/token`)).json()) as { accessToken: string };
  await expect(async () => {
    const response = await page.request.get(`${gateway}/pizzashack/1.0.0/menu`, { headers: { authorization: `Bearer ${accessToken}` } });
    expect(response.status()).toBe(200);
  }).toPass({ timeout: 10_000 });
  for (let i = 0; i < 4; i++) await page.request.get(`${gateway}/pizzashack/1.0.0/menu`, { headers: { authorization: `Bearer ${accessToken}` } });

  await eventuallyOnPage(page, "/devportal/usage", page.getByRole("cell", { name: /PizzaShackAPI/ }).first());
  await signOut(page);
  await signIn(page, ADMIN, "/publisher/analytics");
  await eventuallyOnPage(page, "/publisher/analytics", page.getByRole("cell", { name: /PizzaShackAPI/ }).first());
});

/** Reloads `path` until `target` shows: usage reaches the dashboards with the next roll-up. */
async function eventuallyOnPage(page: Page, path: string, target: ReturnType<Page["getByRole"]>) {
  await expect(async () => {
    await page.goto(path);
    await expect(target).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 120_000, intervals: [5000] });
}
