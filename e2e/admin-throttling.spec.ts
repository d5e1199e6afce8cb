import { expect, test } from "@playwright/test";
import { ADMIN, signIn } from "./support/users";

test("an admin adds a throttling policy, edits it, deletes it, and blocks and unblocks an address", async ({ page }) => {
  const suffix = Date.now().toString(36);
  const name = `Platinum-${suffix}`;
  await signIn(page, ADMIN, "/admin");
  await page.getByRole("navigation", { name: "Admin sections" }).getByRole("link", { name: "Throttling policies" }).click();
  await expect(page.getByRole("heading", { name: "Throttling policies", level: 1 })).toBeVisible();
  // Defaults are listed but cannot be edited.
  await expect(page.getByRole("row", { name: /Gold 5,000 per minute/ }).getByText("Default")).toBeVisible();

  await page.getByRole("link", { name: "New policy" }).click();
  await page.getByLabel("Level").selectOption("APPLICATION");
  await page.getByRole("textbox", { name: "Name", exact: true }).fill("50PerMin");
  await page.getByRole("spinbutton", { name: "Requests", exact: true }).fill("300");
  await page.getByRole("button", { name: "Create policy" }).click();
  await expect(page.getByText("50PerMin is a default application policy")).toBeVisible();
  await page.getByRole("textbox", { name: "Name", exact: true }).fill(name);
  await page.getByRole("button", { name: "Create policy" }).click();
  await expect(page).toHaveURL(/\/admin\/throttling$/);
  await expect(page.getByRole("row", { name: new RegExp(`${name} 300 per minute`) })).toBeVisible();

  await page.getByRole("link", { name: `Edit ${name}` }).click();
  await page.getByRole("spinbutton", { name: "Requests", exact: true }).fill("0");
  await page.getByRole("button", { name: "Save policy" }).click();
  await expect(page.getByText("Request count must be at least 1.")).toBeVisible();
  await page.getByRole("spinbutton", { name: "Requests", exact: true }).fill("30");
  await page.getByLabel("Time unit").selectOption("sec");
  await page.getByRole("button", { name: "Save policy" }).click();
  await expect(page.getByRole("row", { name: new RegExp(`${name} 30 per second`) })).toBeVisible();

  await page.getByRole("link", { name: `Edit ${name}` }).click();
  await page.getByRole("button", { name: "Delete policy" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Delete" }).click();
  await expect(page).toHaveURL(/\/admin\/throttling$/);
  await expect(page.getByRole("row", { name: new RegExp(name) })).toHaveCount(0);

  await page.getByRole("navigation", { name: "Admin sections" }).getByRole("link", { name: "Blocking conditions" }).click();
  await page.getByLabel("Condition").selectOption("IP_RANGE");
  await page.getByLabel("Value").fill("10.0.0.1");
  await page.getByRole("button", { name: "Add condition" }).click();
  await expect(page.getByText("Enter a range in CIDR notation")).toBeVisible();
  const range = `10.${parseInt(suffix.slice(-2), 36) % 250}.0.0/16`;
  await page.getByLabel("Value").fill(range);
  await page.getByRole("button", { name: "Add condition" }).click();
  const row = page.getByRole("row", { name: new RegExp(range.replace(/\./g, "\\.")) });
  await expect(row.getByText("Blocking")).toBeVisible();
  await row.getByRole("button", { name: `Switch off ${range}` }).click();
  await expect(row.getByText("Switched off")).toBeVisible();
  await row.getByRole("button", { name: "Delete" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Delete" }).click();
  await expect(row).toHaveCount(0);
});
