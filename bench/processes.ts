import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";

/** A process the bench started. */
export type RunningProcess = {
  pid: number;
  /** Resolves with the rest of the line once the process says it is up (a gateway may answer before). */
  ready: Promise<string>;
  rssMb: () => number;
  stop: () => Promise<void>;
  startedAt: number;
};

/** `npm start`'s entry on a prepared data dir; `ready` resolves once it says it is up. */
export function startProduct(root: string, env: Record<string, string>): RunningProcess {
  return start(root, npmScript(root, "start"), "Portcullis is up", env);
}

/** `npm run gateway`'s entry (mount b) on a prepared Postgres database. */
export function startStandaloneGateway(root: string, env: Record<string, string>): RunningProcess {
  return start(root, npmScript(root, "gateway"), "listening on", env);
}

/**
 * The node arguments of a package.json script (`node <args>`), so the bench runs exactly what
 * `npm start` / `npm run gateway` run, flags included, without npm's process in between.
 */
function npmScript(root: string, name: string): string[] {
  const scripts = (JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
  const [command, ...args] = scripts[name].split(/\s+/);
  if (command !== "node") throw new Error(`the ${name} script must start with node: ${scripts[name]}`);
  return args;
}

/**
 * The backend or the bare reference proxy, each in a process of its own: in the bench's process
 * they would share a thread with the load generator, and the reference would be handicapped.
 */
export async function startBenchServer(root: string, kind: "backend" | "bare-proxy", argument: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const server = start(root, ["--import", path.join(root, "server/server-only-node.mjs"), "--import", "tsx", path.join(root, "bench/servers.ts"), kind, argument], "listening at ", {});
  const url = (await server.ready).trim().split(/\s/)[0];
  return { url, stop: server.stop };
}

/** `node <args>` in `root`, in production mode. */
function start(root: string, args: string[], upLine: string, env: Record<string, string>): RunningProcess {
  const startedAt = performance.now();
  const entry = args.join(" ");
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, ...env, NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const ready = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const at = output.indexOf(upLine);
      if (at !== -1) resolve(output.slice(at + upLine.length).split("\n")[0]);
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("exit", (code) => reject(new Error(`${entry} exited with ${code}:\n${output}`)));
  });
  return {
    pid: child.pid!,
    ready,
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

/** A new, empty database on the Postgres server at `serverUrl` (dropped first if a previous run left it). */
export async function freshPostgresDatabase(serverUrl: string, name: string): Promise<string> {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`drop database if exists ${name} with (force)`);
    await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
