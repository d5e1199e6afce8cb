import net from "node:net";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import Redis from "ioredis";
import { testEnv } from "./env";

/** The Redis the tests may use (TEST_REDIS_URL); the Redis and Upstash cases skip without it. */
export const testRedisUrl = testEnv.TEST_REDIS_URL;

/** A key prefix no other test run shares, so that runs in parallel never see each other's counts. */
export function uniqueRedisPrefix(label: string): string {
  return `portcullis:test:${label}:${randomBytes(4).toString("hex")}`;
}

/** Deletes this run's keys (and only those) by prefix. */
export async function deleteKeys(url: string, prefix: string): Promise<number> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    let deleted = 0;
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 500);
      cursor = next;
      if (keys.length) deleted += await redis.unlink(...keys);
    } while (cursor !== "0");
    return deleted;
  } finally {
    redis.disconnect();
  }
}

/**
 * A TCP proxy in front of Redis that a test can stop (every connection dropped, the port refusing)
 * and start again on the same port: Redis "killed" and "back" without touching the shared Redis.
 */
export type TcpProxy = { url: string; port: number; stop: () => Promise<void>; start: () => Promise<void> };

export async function startTcpProxy(targetUrl: string): Promise<TcpProxy> {
  const target = new URL(targetUrl);
  const sockets = new Set<net.Socket>();
  let server: net.Server | null = null;
  let port = 0;
  const listen = async () => {
    const current = net.createServer((client) => {
      const upstream = net.connect(Number(target.port || 6379), target.hostname);
      sockets.add(client).add(upstream);
      const drop = () => {
        client.destroy();
        upstream.destroy();
        sockets.delete(client);
        sockets.delete(upstream);
      };
      client.on("error", drop).on("close", drop);
      upstream.on("error", drop).on("close", drop);
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      current.once("error", reject);
      current.listen(port, "127.0.0.1", () => resolve());
    });
    port = (current.address() as AddressInfo).port;
    server = current;
  };
  await listen();
  const auth = target.password ? `${target.username}:${target.password}@` : "";
  return {
    url: `redis://${auth}127.0.0.1:${port}${target.pathname}`,
    port,
    stop: async () => {
      const current = server;
      server = null;
      for (const socket of sockets) socket.destroy();
      sockets.clear();
      if (current) await new Promise<void>((resolve) => current.close(() => resolve()));
    },
    start: async () => {
      if (!server) await listen();
    },
  };
}
