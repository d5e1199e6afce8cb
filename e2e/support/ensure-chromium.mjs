// The browser tests use Debian's Chromium, never a downloaded browser. On a fresh machine (as root)
// install it; elsewhere say how.
import { execSync } from "node:child_process";
import { existsSync } from "node:fs";

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (!existsSync(chromium)) {
  if (process.getuid?.() === 0) {
    console.log("Installing Chromium from Debian for the browser tests…");
    execSync("apt-get update -qq && apt-get install -y -qq chromium", { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  } else {
    console.error(`Chromium not found at ${chromium}. Install it (sudo apt-get install chromium) or set CHROMIUM_PATH.`);
    process.exit(1);
  }
}
