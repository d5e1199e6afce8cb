import { z } from "zod";

/**
 * The environment, parsed once. Nothing else reads `process.env`.
 * Every variable is documented in README.md ("Configuration").
 */
const port = (fallback: number) => z.coerce.number().int().min(1).max(65_535).default(fallback);
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

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    HOST: z.string().min(1).default("0.0.0.0"),
    PORT: port(3000),
    GATEWAY_PORT: port(8280),
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
    /** Signs sessions and encrypts signing keys. `npm start` generates one in DATA_DIR when unset. */
    SECRET_KEY: z.string().min(32, "at least 32 characters (npm start generates one in DATA_DIR when unset)"),
    ADMIN_EMAIL: z.string().email().default("admin@portcullis.local"),
    ADMIN_PASSWORD: z.string().min(8).optional(),
    ALLOW_PRIVATE_ENDPOINTS: flag,
    LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  })
  .superRefine((env, ctx) => {
    if (env.DATABASE_DRIVER && env.DATABASE_DRIVER !== "pglite" && !env.DATABASE_URL) {
      ctx.addIssue({ code: "custom", path: ["DATABASE_URL"], message: `required when DATABASE_DRIVER=${env.DATABASE_DRIVER}` });
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
  const publicUrl = (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, "");
  return {
    ...env,
    databaseDriver,
    publicUrl,
    gatewayPublicUrl: (env.GATEWAY_PUBLIC_URL ?? `http://localhost:${env.GATEWAY_PORT}`).replace(/\/$/, ""),
    /** Private/loopback backends are allowed by default only in the embedded mode, where backends are local. */
    allowPrivateEndpoints: env.ALLOW_PRIVATE_ENDPOINTS ?? databaseDriver === "pglite",
  };
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
        return `${name}: expected ${issue.message.replace(/^Invalid input: /, "")}${got !== undefined && !/SECRET|PASSWORD/.test(name) ? ` (got "${got}")` : ""}`;
      }),
    );
  }
  return finish(result.data);
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
 * there, no node:* modules), so it parses only this.
 */
const EdgeEnvSchema = z.object({
  GATEWAY_PORT: port(8280),
  /** Where the portal process reaches the gateway listener; default: loopback on GATEWAY_PORT. */
  GATEWAY_INTERNAL_URL: z.string().url().optional(),
});

export function edgeConfig() {
  const env = EdgeEnvSchema.parse({
    GATEWAY_PORT: process.env.GATEWAY_PORT || undefined,
    GATEWAY_INTERNAL_URL: process.env.GATEWAY_INTERNAL_URL || undefined,
  });
  return { gatewayInternalUrl: (env.GATEWAY_INTERNAL_URL ?? `http://127.0.0.1:${env.GATEWAY_PORT}`).replace(/\/$/, "") };
}
