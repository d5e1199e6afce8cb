import { randomBytes } from "node:crypto";
import { expect, type APIRequestContext, type Page } from "@playwright/test";

export const ADMIN = { email: "admin@portcullis.local", password: process.env.E2E_ADMIN_PASSWORD ?? "admin-password-1" };

export type TestUser = { id: string; email: string; password: string; name: string };

/** A new subscriber, through the public sign-up API. */
export async function signUpViaApi(request: APIRequestContext, prefix = "user"): Promise<TestUser> {
  const suffix = randomBytes(4).toString("hex");
  const user = { email: `${prefix}-${suffix}@example.test`, password: `pw-${suffix}-secret`, name: `${prefix} ${suffix}` };
  const response = await request.post("/api/v1/signup", { data: user });
  expect(response.status(), await response.text()).toBe(201);
  const body = (await response.json()) as { id: string };
  return { ...user, id: body.id };
}

/** Signs in through the sign-in page, as a person would. */
export async function signIn(page: Page, user: { email: string; password: string }, returnTo?: string) {
  await page.goto(returnTo ? `/sign-in?callbackUrl=${encodeURIComponent(returnTo)}` : "/sign-in");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("signed-in-user")).toBeVisible();
}

export async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
}
