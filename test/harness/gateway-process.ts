import { spawn, type ChildProcess } from "node:child_process";
import { statSync } from "node:fs";
import type http from "node:http";
import net from "node:net";
import path from "node:path";
import type { Database } from "@/db/client";
import { config } from "@/lib/config";
import type { GatewayHandler } from "@/lib/gateway/handler";
import { createGatewayServer, type ListenerLimits } from "@/lib/gateway/node/node-listener";
import { startStandaloneGateway, type StandaloneGateway, type StandaloneGatewayOptions } from "@/lib/gateway/standalone/standalone-gateway";
import { startGatewayWorker } from "@/lib/gateway/embedded/worker-host";
import { MemoryLimiter } from "@/lib/throttling/memory-limiter";

export type GatewayProcess = { url: string; statusUrl: string; process: ChildProcess; output: () => string; stop: () => Promise<void> };

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Starts `npm run gateway`'s entry as a child process and waits until it listens. */
export async function startGatewayProcess(env: Record<string, string>): Promise<GatewayProcess> {
  const [port, statusPort] = [await freePort(), await freePort()];
  const root = path.resolve(__dirname, "../..");
  const child = spawn(process.execPath, [path.join(root, "server/run-entry.mjs"), "gateway"], {
    cwd: root,
    env: { ...process.env, GATEWAY_STATUS_PORT: String(statusPort), ...env, GATEWAY_PORT: String(port), HOST: "127.0.0.1", NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    const timeout = setTimeout(() => reject(new Error(`gateway did not start:\n${output}`)), 60_000);
    const check = () => {
      if (output.includes("listening on")) {
        clearTimeout(timeout);
        resolve();
      }
    };
    child.stdout!.on("data", check);
    child.once("exit", (code) => {
      clearTimeout(timeout);
      reject(new Error(`gateway exited with ${code}:\n${output}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    statusUrl: `http://127.0.0.1:${statusPort}`,
    process: child,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

export type ProductProcess = {
  url: string;
  gatewayUrl: string;
  process: ChildProcess;
  output: () => string;
  /** How long start-up took, whether it included building the portals, and how long it took after the build. */
  startup: { ms: number; built: boolean; afterBuildMs: number };
  stop: () => Promise<void>;
};

/**
 * Starts the whole product (`npm start`'s entry: portals, middleware, gateway listener) as a child
 * process on free ports and waits until it serves. It builds the portals first when the sources
 * changed since the last build, which takes minutes on a small machine: give it `timeoutMs`.
 */
export async function startProductProcess(env: Record<string, string>, timeoutMs = 600_000): Promise<ProductProcess> {
  const [port, gatewayPort, statusPort] = [await freePort(), await freePort(), await freePort()];
  const started = Date.now();
  const root = path.resolve(__dirname, "../..");
  const child = spawn(process.execPath, [path.join(root, "server/run-entry.mjs"), "start"], {
    cwd: root,
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", GATEWAY_STATUS_PORT: String(statusPort), ...env, PORT: String(port), GATEWAY_PORT: String(gatewayPort), HOST: "127.0.0.1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const force = setTimeout(() => child.kill("SIGKILL"), 15_000);
      child.once("exit", () => {
        clearTimeout(force);
        resolve();
      });
      child.kill("SIGTERM");
    });
  try {
    await new Promise<void>((resolve, reject) => {
      const timeout = setTimeout(() => reject(new Error(`the product did not start within ${timeoutMs / 1000} s:\n${output.slice(-4000)}`)), timeoutMs);
      const check = () => {
        if (output.includes("Portcullis is up")) {
          clearTimeout(timeout);
          resolve();
        }
      };
      child.stdout!.on("data", check);
      child.once("exit", (code) => {
        clearTimeout(timeout);
        reject(new Error(`the product exited with ${code}:\n${output.slice(-4000)}`));
      });
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url: `http://127.0.0.1:${port}`,
    gatewayUrl: `http://127.0.0.1:${gatewayPort}`,
    process: child,
    output: () => output,
    startup: startupTimes(root, started, output),
    stop,
  };
}

function startupTimes(root: string, started: number, output: string): ProductProcess["startup"] {
  const now = Date.now();
  const built = /rebuilding|building the portals/.test(output);
  // The build writes BUILD_ID last: what came after it was the process's own start-up.
  const builtAt = built ? statSync(path.join(root, ".next", "BUILD_ID")).mtimeMs : started;
  return { ms: now - started, built, afterBuildMs: now - Math.max(started, builtAt) };
}

/**
 * The embedded gateway's thread as `npm start` runs it, in this process, listening on `port`; its
 * entry is `server/gateway-worker.ts` through tsx unless another is given.
 */
export function startGatewayThread(
  db: Database,
  options: { port: number; trustedOrigins?: string[]; entry?: string; allowPrivateEndpoints?: boolean; statusPort?: number; otlp?: { endpoint: string; serviceName: string } },
) {
  return startGatewayWorker({
    db,
    mount: "embedded",
    issuer: config().publicUrl,
    trustedOrigins: options.trustedOrigins ?? [],
    limiterFailureMode: "open",
    allowPrivateEndpoints: options.allowPrivateEndpoints,
    listen: { port: options.port, host: "127.0.0.1" },
    status: options.statusPort === undefined ? null : { port: options.statusPort, host: "127.0.0.1" },
    otlp: options.otlp ?? null,
    entry: { file: options.entry ?? path.resolve(__dirname, "../../server/gateway-worker.ts"), typescript: true },
  });
}

/**
 * The gateway's runtime on this thread as the tests run it: embedded, the key manager's issuer, no
 * trusted origins, its own in-memory limiter that admits when it fails; `overrides` change any of it.
 */
export function startTestRuntime(db: Database, overrides: Partial<StandaloneGatewayOptions> = {}): Promise<StandaloneGateway> {
  return startStandaloneGateway({
    db,
    mount: "embedded",
    issuer: config().publicUrl,
    trustedOrigins: [],
    limiter: new MemoryLimiter(),
    limiterFailureMode: "open",
    ...overrides,
  });
}

export type ListeningGateway = { url: string; port: number; server: http.Server; close: () => Promise<void> };

/** `handler` behind the gateway's node:http listener on a free loopback port; `close` cuts its connections. */
export async function listenGateway(handler: GatewayHandler, limits: Partial<ListenerLimits> = {}): Promise<ListeningGateway> {
  const server = createGatewayServer(handler, limits);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    server,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

export type TestGateway = ListeningGateway & { runtime: StandaloneGateway; stop: () => Promise<void> };

/** `startTestRuntime` behind `listenGateway`; `stop` closes the listener, then the runtime. */
export async function startTestGateway(db: Database, overrides: Partial<StandaloneGatewayOptions> = {}): Promise<TestGateway> {
  const runtime = await startTestRuntime(db, overrides);
  const listening = await listenGateway(runtime.handler);
  return {
    ...listening,
    runtime,
    async stop() {
      await listening.close();
      await runtime.stop();
    },
  };
}
