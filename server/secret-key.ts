import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * The embedded mode needs no set-up: when SECRET_KEY is unset, one is generated on first start and
 * kept in DATA_DIR, so sessions and encrypted signing keys survive restarts.
 */
export function ensureSecretKey(env: NodeJS.ProcessEnv): void {
  if (env.SECRET_KEY) return;
  const file = path.join(env.DATA_DIR || "./data", "secret-key");
  let key: string;
  try {
    key = readFileSync(file, "utf8").trim();
  } catch {
    mkdirSync(path.dirname(file), { recursive: true });
    key = randomBytes(32).toString("base64url");
    writeFileSync(file, key + "\n", { mode: 0o600, flag: "wx" });
  }
  env.SECRET_KEY = key;
}
