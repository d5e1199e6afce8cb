import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";

export type RunningProduct = { pid: number; rssMb: () => number; stop: () => Promise<void>; startedAt: number };

/** Starts `npm start`'s entry on a prepared data dir and resolves once it says it is up. */
export async function startProduct(root: string, env: Record<string, string>): Promise<RunningProduct> {
  const startedAt = performance.now();
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", path.join(root, "server/start.ts")], {
    cwd: root,
    env: { ...process.env, ...env, NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Portcullis is up")) resolve();
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("exit", (code) => reject(new Error(`the product exited with ${code}:\n${output}`)));
  });
  return {
    pid: child.pid!,
    startedAt,
    rssMb: () => {
      const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
      return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
