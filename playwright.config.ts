import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";

/**
 * Browser journeys against a production build on a fresh, temporary DATA_DIR (PGlite), in the
 * system Chromium. The variables are set once in the main process; workers inherit them.
 */
process.env.E2E_DATA_DIR ??= mkdtempSync(path.join(os.tmpdir(), "portcullis-e2e-"));
process.env.E2E_PORT ??= "3100";
process.env.E2E_GATEWAY_PORT ??= "8281";
// Named, not GATEWAY_PORT + 1 by default: beside a developer's `npm start` (8280, status 8281).
process.env.E2E_GATEWAY_STATUS_PORT ??= "8282";
process.env.E2E_ADMIN_PASSWORD ??= "admin-password-1";

const baseURL = `http://localhost:${process.env.E2E_PORT}`;

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]] : "list",
  use: {
    baseURL,
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-quic"],
    },
  },
  webServer: {
    command: "node server/run-entry.mjs start",
    url: `${baseURL}/sign-in`,
    timeout: 420_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      NODE_ENV: "production",
      DATA_DIR: process.env.E2E_DATA_DIR,
      PORT: process.env.E2E_PORT,
      GATEWAY_PORT: process.env.E2E_GATEWAY_PORT,
      GATEWAY_STATUS_PORT: process.env.E2E_GATEWAY_STATUS_PORT,
      HOST: "127.0.0.1",
      PUBLIC_URL: baseURL,
      ADMIN_EMAIL: "admin@portcullis.local",
      ADMIN_PASSWORD: process.env.E2E_ADMIN_PASSWORD,
      // The product under test runs on the embedded default, whatever the test shell has set.
      DATABASE_URL: "",
      REDIS_URL: "",
    },
  },
});
