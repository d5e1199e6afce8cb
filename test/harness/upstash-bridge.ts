import http from "node:http";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import Redis from "ioredis";
import { ScriptHashes } from "@/lib/throttling/lua-scripts";

/**
 * What Upstash's REST API does, for tests, in front of a stock Redis: `POST /` with a JSON array
 * command, `POST /pipeline` and `POST /multi-exec` with arrays of commands, `Authorization: Bearer
 * <token>`; answers `{"result": …}` or `{"error": "…"}` (arrays of them for the batch paths), string
 * results base64-encoded when the client sends `Upstash-Encoding: base64`. Like Upstash it accepts
 * `#!lua flags=…` scripts: the line is stripped for EVAL/SCRIPT LOAD and EVALSHA hashes are mapped.
 * With it the real `@upstash/redis` and `@upstash/ratelimit` run against the local Redis.
 */
export type UpstashBridge = {
  url: string;
  token: string;
  /** Commands served, by lower-case name (EVALSHA, EVAL, …), to prove what went through the bridge. */
  commands: Map<string, number>;
  close: () => Promise<void>;
};

type Command = (string | number | boolean | null)[];
type Reply = { result: unknown } | { error: string };

export async function startUpstashBridge(redisUrl: string, token = randomBytes(12).toString("hex")): Promise<UpstashBridge> {
  const redis = new Redis(redisUrl, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    connectTimeout: 1000,
    retryStrategy: (attempt) => Math.min(attempt * 100, 500),
  });
  redis.on("error", () => {});
  await new Promise<void>((resolve, reject) => {
    redis.once("ready", resolve);
    setTimeout(() => reject(new Error(`upstash bridge: Redis at ${redisUrl} is not reachable`)), 5000).unref();
  });
  const scripts = new ScriptHashes();
  const commands = new Map<string, number>();

  /** The command as Redis must see it: flagged scripts stripped, script hashes mapped. */
  const translate = (command: Command): string[] => {
    if (!Array.isArray(command) || command.length === 0) throw new Error("ERR a command is a non-empty JSON array");
    const [name, ...rest] = command.map((part) => (part === null ? "" : String(part)));
    const lower = name.toLowerCase();
    commands.set(lower, (commands.get(lower) ?? 0) + 1);
    if (lower === "eval" || lower === "eval_ro") return [name, scripts.register(rest[0]).serverScript, ...rest.slice(1)];
    if (lower === "evalsha" || lower === "evalsha_ro") return [name, scripts.serverHash(rest[0]), ...rest.slice(1)];
    if (lower === "script" && rest[0]?.toLowerCase() === "load") return [name, rest[0], scripts.register(rest[1]).serverScript];
    if (lower === "script" && rest[0]?.toLowerCase() === "exists") return [name, rest[0], ...rest.slice(1).map((hash) => scripts.serverHash(hash))];
    return [name, ...rest];
  };

  const run = async (command: Command): Promise<unknown> => {
    const [name, ...args] = translate(command);
    const result = await redis.call(name, ...args);
    // SCRIPT LOAD answers the client with the SHA1 of what it sent: that is what it will EVALSHA.
    if (name.toLowerCase() === "script" && args[0].toLowerCase() === "load") return scripts.register(String(command[2])).clientHash;
    return result;
  };

  const reply = async (command: Command): Promise<Reply> => {
    try {
      return { result: await run(command) };
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
  };

  const server = http.createServer(async (req, res) => {
    const send = (status: number, body: unknown, base64: boolean) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(base64 ? encodeReplies(body) : body));
    };
    if (req.headers.authorization !== `Bearer ${token}`) return send(401, { error: "Unauthorized" }, false);
    if (req.method !== "POST") return send(405, { error: "only POST is served" }, false);
    const base64 = String(req.headers["upstash-encoding"] ?? "").toLowerCase() === "base64";
    let body: unknown;
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    } catch {
      return send(400, { error: "ERR the body is not JSON" }, false);
    }
    const path = new URL(req.url ?? "/", "http://bridge").pathname.replace(/\/$/, "") || "/";
    if (path === "/") {
      const answer = await reply(body as Command);
      return send("error" in answer ? 400 : 200, answer, base64);
    }
    if ((path === "/pipeline" || path === "/multi-exec") && Array.isArray(body)) {
      const batch = body as Command[];
      if (path === "/pipeline") {
        const answers: Reply[] = [];
        for (const command of batch) answers.push(await reply(command));
        return send(200, answers, base64);
      }
      let translated: string[][];
      try {
        translated = batch.map(translate);
      } catch (error) {
        return send(400, { error: error instanceof Error ? error.message : String(error) }, false);
      }
      return send(...(await multiExec(redis, translated)), base64);
    }
    return send(404, { error: `ERR unknown path ${path}` }, false);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    commands,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      redis.disconnect();
    },
  };
}

/** MULTI … EXEC on a connection of its own, so no other client's command lands inside it. */
async function multiExec(redis: Redis, batch: string[][]): Promise<[number, unknown]> {
  const connection = redis.duplicate({ enableOfflineQueue: true });
  connection.on("error", () => {});
  try {
    await connection.call("multi");
    for (const [name, ...args] of batch) await connection.call(name, ...args);
    const results = (await connection.call("exec")) as unknown[] | null;
    if (!results) return [400, { error: "EXECABORT Transaction discarded" }];
    return [200, results.map((result) => (result instanceof Error ? { error: result.message } : { result }))];
  } catch (error) {
    return [400, { error: error instanceof Error ? error.message : String(error) }];
  } finally {
    connection.disconnect();
  }
}

function encodeReplies(body: unknown): unknown {
  if (Array.isArray(body)) return body.map((reply) => encodeReplies(reply));
  if (body && typeof body === "object" && "result" in body) return { ...body, result: encode((body as { result: unknown }).result) };
  return body;
}

/** Upstash's base64 response encoding: every string but the status reply OK, arrays element-wise. */
function encode(value: unknown): unknown {
  if (typeof value === "string") return value === "OK" ? value : Buffer.from(value, "utf8").toString("base64");
  if (Array.isArray(value)) return value.map((element) => encode(element));
  return value;
}
