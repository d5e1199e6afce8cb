import { z } from "zod";
import { parseTrustedProxies } from "@/lib/http/client-address";

/**
 * The environment, parsed once. Nothing else reads `process.env`.
 * Every variable is documented in README.md ("Configuration").
 */
const port = (fallback: number) => z.coerce.number().int().min(1).max(65_535).default(fallback);
/** Milliseconds, or a count; 0 where the variable says so turns the limit off. */
const whole = (fallback: number, min = 0) => z.coerce.number().int().min(min).default(fallback);
/** A boolean switch; undefined when unset so a mode-dependent default can apply. */
const flag = z
  .enum(["true", "false", "1", "0"], "true or false")
  .optional()
  .transform((v) => (v === undefined ? undefined : v === "true" || v === "1"));
const postgresUrl = z
  .string()
  .url()
  .refine((v) => /^postgres(ql)?:\/\//.test(v), "a postgres:// or postgresql:// URL");
const redisUrl = z
  .string()
  .url()
  .refine((v) => /^rediss?:\/\//.test(v), "a redis:// or rediss:// URL");
/** Starts every Redis key the product writes, so deployments (or test runs) can share one Redis. */
const keyPrefix = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9:._-]*$/, "letters, digits and : . _ - (e.g. portcullis-staging)")
  .default("portcullis");
/** Proxies whose X-Forwarded-For hops are believed (lib/http/client-address.ts); default none. */
const trustedProxies = z
  .string()
  .default("")
  .transform((value, ctx) => {
    const parsed = parseTrustedProxies(value);
    if (parsed.ok) return parsed.proxies;
    ctx.addIssue({ code: "custom", message: `comma-separated IP addresses, CIDR ranges, loopback or private; "${parsed.entry}" is none of these` });
    return z.NEVER;
  });
/**
 * Shared by the portal process and the gateway listener it rewrites /gw to, so that the listener
 * believes the caller's address the portal passes on. `npm start` generates one per start when unset.
 */
const internalToken = z.string().min(32, "at least 32 characters (npm start generates one when unset)").optional();

const logLevel = z.enum(["debug", "info", "warn", "error"]).default("info");

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    HOST: z.string().min(1).default("0.0.0.0"),
    PORT: port(3000),
    GATEWAY_PORT: port(8280),
    /** Health, readiness and metrics of every gateway process; default GATEWAY_PORT + 1, `0` turns it off. */
    GATEWAY_STATUS_PORT: z.coerce.number().int().min(0).max(65_535).optional(),
    GATEWAY_INTERNAL_URL: z.string().url().optional(),
    /** Where the portals are reached from a browser; used in links and next-auth callbacks. */
    PUBLIC_URL: z.string().url().optional(),
    /** Where apps reach the gateway; shown in the developer portal. */
    GATEWAY_PUBLIC_URL: z.string().url().optional(),
    DATA_DIR: z.string().min(1).default("./data"),
    DATABASE_URL: postgresUrl.optional(),
    DATABASE_DRIVER: z.enum(["pglite", "pg", "neon"]).optional(),
    /** Local development of the Neon driver: `host:port` of a WebSocket-to-TCP bridge. */
    NEON_WS_PROXY: z.string().min(1).optional(),
    REDIS_URL: redisUrl.optional(),
    UPSTASH_REDIS_REST_URL: z.string().url().optional(),
    UPSTASH_REDIS_REST_TOKEN: z.string().min(1).optional(),
    RATE_LIMIT_FAILURE_MODE: z.enum(["open", "closed"]).default("open"),
    REDIS_KEY_PREFIX: keyPrefix,
    /** Signs sessions and encrypts signing keys. `npm start` generates one in DATA_DIR when unset. */
    SECRET_KEY: z.string().min(32, "at least 32 characters (npm start generates one in DATA_DIR when unset)"),
    ADMIN_EMAIL: z.string().email().default("admin@portcullis.local"),
    ADMIN_PASSWORD: z.string().min(8).optional(),
    ALLOW_PRIVATE_ENDPOINTS: flag,
    LOG_LEVEL: logLevel,
    /** OTLP/HTTP collector (e.g. http://collector:4318); traces of gateway calls go to `<endpoint>/v1/traces`. Unset: no export. */
    OTEL_EXPORTER_OTLP_ENDPOINT: z.string().url().optional(),
    OTEL_SERVICE_NAME: z.string().min(1).default("portcullis"),
    /** The gateway listener's limits on slow and numerous clients (lib/gateway/node/node-listener.ts). */
    GATEWAY_HEADERS_TIMEOUT_MS: whole(20_000, 1),
    /** 0: no limit on how long a request (its body included) may take to arrive. */
    GATEWAY_REQUEST_TIMEOUT_MS: whole(300_000),
    GATEWAY_KEEP_ALIVE_TIMEOUT_MS: whole(65_000, 1),
    /** 0: no limit. */
    GATEWAY_MAX_CONNECTIONS: whole(10_000),
    TRUSTED_PROXIES: trustedProxies,
    INTERNAL_TOKEN: internalToken,
  })
  .superRefine((env, ctx) => {
    if (env.GATEWAY_REQUEST_TIMEOUT_MS > 0 && env.GATEWAY_REQUEST_TIMEOUT_MS < env.GATEWAY_HEADERS_TIMEOUT_MS) {
      ctx.addIssue({
        code: "custom",
        path: ["GATEWAY_REQUEST_TIMEOUT_MS"],
        message: "0 or at least GATEWAY_HEADERS_TIMEOUT_MS (the headers are part of the request)",
      });
    }
    if (env.DATABASE_DRIVER && env.DATABASE_DRIVER !== "pglite" && !env.DATABASE_URL) {
      ctx.addIssue({ code: "custom", path: ["DATABASE_URL"], message: `required when DATABASE_DRIVER=${env.DATABASE_DRIVER}` });
    }
    const statusPort = env.GATEWAY_STATUS_PORT ?? env.GATEWAY_PORT + 1;
    if (statusPort === env.GATEWAY_PORT || statusPort === env.PORT || statusPort > 65_535) {
      ctx.addIssue({
        code: "custom",
        path: ["GATEWAY_STATUS_PORT"],
        message: `a port of its own, not GATEWAY_PORT's or PORT's (${statusPort}); 0 turns the status listener off`,
      });
    }
    if (Boolean(env.UPSTASH_REDIS_REST_URL) !== Boolean(env.UPSTASH_REDIS_REST_TOKEN)) {
      ctx.addIssue({
        code: "custom",
        path: ["UPSTASH_REDIS_REST_TOKEN"],
        message: "UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN go together",
      });
    }
  });

export type DatabaseDriver = "pglite" | "pg" | "neon";

export type Config = ReturnType<typeof finish>;

function finish(env: z.infer<typeof EnvSchema>) {
  const databaseDriver: DatabaseDriver =
    env.DATABASE_DRIVER ??
    (!env.DATABASE_URL ? "pglite" : /\.neon\.tech(:\d+)?\//.test(env.DATABASE_URL) ? "neon" : "pg");
  const publicUrl = publicUrlOf(env);
  return {
    ...env,
    databaseDriver,
    publicUrl,
    /** Null when turned off (GATEWAY_STATUS_PORT=0). */
    gatewayStatusPort: env.GATEWAY_STATUS_PORT === 0 ? null : (env.GATEWAY_STATUS_PORT ?? env.GATEWAY_PORT + 1),
    gatewayPublicUrl: (env.GATEWAY_PUBLIC_URL ?? `http://localhost:${env.GATEWAY_PORT}`).replace(/\/$/, ""),
    gatewayListenerLimits: {
      headersTimeoutMs: env.GATEWAY_HEADERS_TIMEOUT_MS,
      requestTimeoutMs: env.GATEWAY_REQUEST_TIMEOUT_MS,
      keepAliveTimeoutMs: env.GATEWAY_KEEP_ALIVE_TIMEOUT_MS,
      maxConnections: env.GATEWAY_MAX_CONNECTIONS,
    },
    /** Private/loopback backends are allowed by default only in the embedded mode, where backends are local. */
    allowPrivateEndpoints: env.ALLOW_PRIVATE_ENDPOINTS ?? databaseDriver === "pglite",
    /** For lib/http/client-address.ts. */
    clientAddress: { trustedProxies: env.TRUSTED_PROXIES, internalToken: env.INTERNAL_TOKEN },
  };
}

/** The key manager's issuer and the portals' address: PUBLIC_URL, else localhost on PORT. */
function publicUrlOf(env: { PUBLIC_URL?: string; PORT: number }): string {
  return (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, "");
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Parses an environment; throws a ConfigError naming each bad variable and what is expected. */
export function parseConfig(source: Record<string, string | undefined>): Config {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = EnvSchema.safeParse(cleaned);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => {
        const name = issue.path.join(".") || "environment";
        const got = typeof issue.path[0] === "string" ? cleaned[issue.path[0]] : undefined;
        return `${name}: expected ${issue.message.replace(/^Invalid input: /, "")}${got !== undefined && !/SECRET|PASSWORD|TOKEN/.test(name) ? ` (got "${got}")` : ""}`;
      }),
    );
  }
  return finish(result.data);
}

/**
 * LOG_LEVEL alone, for the logger: it must work before (and when) the rest of the environment fails
 * to parse, to report that. An invalid value falls back to `info` (the full parse names it).
 */
export function logLevelOf(source: Record<string, string | undefined>): z.infer<typeof logLevel> {
  const parsed = logLevel.safeParse(source.LOG_LEVEL || undefined);
  return parsed.success ? parsed.data : "info";
}

const CONFIG_KEY = Symbol.for("portcullis.config");
type Holder = { [CONFIG_KEY]?: Config };

/** The process's configuration, parsed on first use. */
export function config(): Config {
  const holder = globalThis as Holder;
  return (holder[CONFIG_KEY] ??= parseConfig(process.env));
}

/**
 * The part of the configuration the Edge middleware needs. It cannot load the rest (no SECRET_KEY
 * there, no node:* modules), so it parses only this, with zod alone (this file must stay Edge-safe).
 */
const EdgeEnvSchema = z.object({
  PORT: port(3000),
  GATEWAY_PORT: port(8280),
  /** Where the portal process reaches the gateway listener; default: loopback on GATEWAY_PORT. */
  GATEWAY_INTERNAL_URL: z.string().url().optional(),
  PUBLIC_URL: z.string().url().optional(),
  UPSTASH_REDIS_REST_URL: z.string().url().optional(),
  UPSTASH_REDIS_REST_TOKEN: z.string().min(1).optional(),
  RATE_LIMIT_FAILURE_MODE: z.enum(["open", "closed"]).default("open"),
  REDIS_KEY_PREFIX: keyPrefix,
  ALLOW_PRIVATE_ENDPOINTS: flag,
  TRUSTED_PROXIES: trustedProxies,
  INTERNAL_TOKEN: internalToken,
});

export type EdgeConfig = ReturnType<typeof parseEdgeConfig>;

export function parseEdgeConfig(source: Record<string, string | undefined>) {
  const env = EdgeEnvSchema.parse(Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== "")));
  return {
    gatewayInternalUrl: (env.GATEWAY_INTERNAL_URL ?? `http://127.0.0.1:${env.GATEWAY_PORT}`).replace(/\/$/, ""),
    /** The issuer of every token, as the Node processes compute it. */
    publicUrl: publicUrlOf(env),
    /** Set when both Upstash variables are: the middleware then runs the gateway itself (mount c). */
    upstash: env.UPSTASH_REDIS_REST_URL && env.UPSTASH_REDIS_REST_TOKEN ? { url: env.UPSTASH_REDIS_REST_URL, token: env.UPSTASH_REDIS_REST_TOKEN } : null,
    rateLimitFailureMode: env.RATE_LIMIT_FAILURE_MODE,
    keyPrefix: env.REDIS_KEY_PREFIX,
    /** Off unless set: an Edge gateway serves beside a shared database, where the Node default is off too. */
    allowPrivateEndpoints: env.ALLOW_PRIVATE_ENDPOINTS ?? false,
    clientAddress: { trustedProxies: env.TRUSTED_PROXIES, internalToken: env.INTERNAL_TOKEN },
  };
}

const EDGE_CONFIG_KEY = Symbol.for("portcullis.edge-config");
type EdgeHolder = { [EDGE_CONFIG_KEY]?: EdgeConfig };

/**
 * The Edge configuration, parsed on first use (the environment of an isolate does not change). Each
 * variable is named in full: Edge hosts only provide the `process.env.X` that the code spells out.
 */
export function edgeConfig(): EdgeConfig {
  const holder = globalThis as EdgeHolder;
  return (holder[EDGE_CONFIG_KEY] ??= parseEdgeConfig({
    PORT: process.env.PORT,
    GATEWAY_PORT: process.env.GATEWAY_PORT,
    GATEWAY_INTERNAL_URL: process.env.GATEWAY_INTERNAL_URL,
    PUBLIC_URL: process.env.PUBLIC_URL,
    UPSTASH_REDIS_REST_URL: process.env.UPSTASH_REDIS_REST_URL,
    UPSTASH_REDIS_REST_TOKEN: process.env.UPSTASH_REDIS_REST_TOKEN,
    RATE_LIMIT_FAILURE_MODE: process.env.RATE_LIMIT_FAILURE_MODE,
    REDIS_KEY_PREFIX: process.env.REDIS_KEY_PREFIX,
    ALLOW_PRIVATE_ENDPOINTS: process.env.ALLOW_PRIVATE_ENDPOINTS,
    TRUSTED_PROXIES: process.env.TRUSTED_PROXIES,
    INTERNAL_TOKEN: process.env.INTERNAL_TOKEN,
  }));
}

/** The log level of this process (Node or Edge), from LOG_LEVEL only. */
export function processLogLevel() {
  return logLevelOf({ LOG_LEVEL: process.env.LOG_LEVEL });
}
