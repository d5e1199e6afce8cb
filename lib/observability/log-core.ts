import { processLogLevel } from "@/lib/config";
import { describeError } from "@/lib/http/safe-error";

/**
 * The logger every module of lib/ writes through. Edge-safe (no pino, no node:*): the gateway's
 * pipeline runs in the Edge middleware too. In a Node process the entry installs pino as the sink
 * (lib/log.ts); until then, and on the Edge, lines are written as the same JSON by a small writer
 * here. The sink hangs on `globalThis` so Next's bundled copy of this file finds the entry's pino.
 */
export type LogLevel = "debug" | "info" | "warn" | "error";
export type LogFields = Record<string, unknown>;
type LogFn = (fieldsOrMessage: LogFields | string, message?: string) => void;
export type Logger = { debug: LogFn; info: LogFn; warn: LogFn; error: LogFn; child: (bindings: LogFields) => Logger };

/** Fields never written, at any depth the logger looks (pino's redact paths are built from these too). */
export const SECRET_FIELDS = [
  "authorization",
  "proxy-authorization",
  "cookie",
  "set-cookie",
  "apikey",
  "x-api-key",
  "password",
  "newPassword",
  "currentPassword",
  "secret",
  "clientSecret",
  "client_secret",
  "consumerSecret",
  "token",
  "accessToken",
  "access_token",
  "refreshToken",
  "refresh_token",
  "id_token",
  "x-jwt-assertion",
] as const;
export const REDACTED = "[redacted]";

const SINK_KEY = Symbol.for("portcullis.log.sink");
type Holder = { [SINK_KEY]?: Logger };

/** Makes `root` the sink of every logger of this thread (lib/log.ts installs pino); returns the one it replaces. */
export function installLogSink(root: Logger | undefined): Logger | undefined {
  const holder = globalThis as Holder;
  const previous = holder[SINK_KEY];
  holder[SINK_KEY] = root;
  return previous;
}

function sink(): Logger {
  const holder = globalThis as Holder;
  return (holder[SINK_KEY] ??= jsonLogger({ level: processLogLevel(), write: (line) => console.log(line) }));
}

/** A module's logger: lines carry `component`. Resolved on each call, so it follows the sink installed later. */
export function logger(component: string): Logger {
  let bound: { root: Logger; child: Logger } | null = null;
  const current = () => {
    const root = sink();
    if (bound?.root !== root) bound = { root, child: root.child({ component }) };
    return bound.child;
  };
  return {
    debug: (a, b) => current().debug(a, b),
    info: (a, b) => current().info(a, b),
    warn: (a, b) => current().warn(a, b),
    error: (a, b) => current().error(a, b),
    child: (bindings) => current().child(bindings),
  };
}

const LEVELS: Record<LogLevel, number> = { debug: 20, info: 30, warn: 40, error: 50 };
const SECRET = new Set<string>(SECRET_FIELDS.map((name) => name.toLowerCase()));

/**
 * One JSON line per event, as pino writes it (`level` as its name, `time` in epoch ms, `msg`), with
 * secret fields redacted: for the Edge runtime, where pino's Node transport cannot load.
 */
export function jsonLogger(options: { level: LogLevel; write: (line: string) => void; bindings?: LogFields }): Logger {
  const threshold = LEVELS[options.level];
  const bindings = options.bindings ?? {};
  const at =
    (level: LogLevel): LogFn =>
    (fieldsOrMessage, message) => {
      if (LEVELS[level] < threshold) return;
      const fields = typeof fieldsOrMessage === "string" ? {} : fieldsOrMessage;
      const msg = typeof fieldsOrMessage === "string" ? fieldsOrMessage : message;
      const line = { level, time: Date.now(), ...bindings, ...(clean(fields, 0) as LogFields), ...(msg === undefined ? {} : { msg }) };
      options.write(JSON.stringify(line));
    };
  return {
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
    child: (more) => jsonLogger({ ...options, bindings: { ...bindings, ...(clean(more, 0) as LogFields) } }),
  };
}

function clean(value: unknown, depth: number): unknown {
  // Never a query's parameters: drizzle puts them in its errors' messages.
  if (value instanceof Error) return describeError(value);
  if (value === null || typeof value !== "object" || depth > 4) return value;
  if (Array.isArray(value)) return value.map((item) => clean(item, depth + 1));
  const out: LogFields = {};
  for (const [key, item] of Object.entries(value)) out[key] = SECRET.has(key.toLowerCase()) ? REDACTED : clean(item, depth + 1);
  return out;
}
