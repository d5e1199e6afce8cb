import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const dir = mkdtempSync(path.join(os.tmpdir(), "portcullis-output-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the fixture, closes its output once it is ready, has it write, and returns its count of uncaught errors. */
async function uncaughtErrorsAfterOutputCloses(mode: "guarded" | "unguarded"): Promise<number> {
  const file = path.join(dir, mode);
  const child = spawn(process.execPath, ["--import", "tsx", path.join(__dirname, "../test/harness/writes-after-its-output-closed.ts"), mode, file], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  await new Promise<void>((resolve) => child.stdout.once("data", () => resolve()));
  child.stdout.destroy();
  child.stderr.destroy();
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGUSR2");
  await exited;
  return Number(readFileSync(file, "utf8"));
}

describe("keepServingWithoutOutput", () => {
  it("drops output nobody reads instead of looping on the EPIPE of reporting it", async () => {
    expect(await uncaughtErrorsAfterOutputCloses("unguarded")).toBeGreaterThan(0);
    expect(await uncaughtErrorsAfterOutputCloses("guarded")).toBe(0);
  });
});
