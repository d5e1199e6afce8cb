import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "./config";

const SECRET_KEY = "x".repeat(32);

describe("parseConfig", () => {
  it("defaults to the embedded mode", () => {
    const config = parseConfig({ SECRET_KEY });
    expect(config).toMatchObject({ databaseDriver: "pglite", PORT: 3000, GATEWAY_PORT: 8280, DATA_DIR: "./data" });
    expect(config.allowPrivateEndpoints).toBe(true);
  });

  it("bounds the gateway listener's clients by default, and takes other limits", () => {
    expect(parseConfig({ SECRET_KEY }).gatewayListenerLimits).toEqual({
      headersTimeoutMs: 20_000,
      requestTimeoutMs: 300_000,
      keepAliveTimeoutMs: 65_000,
      maxConnections: 10_000,
    });
    const set = parseConfig({ SECRET_KEY, GATEWAY_HEADERS_TIMEOUT_MS: "5000", GATEWAY_REQUEST_TIMEOUT_MS: "0", GATEWAY_MAX_CONNECTIONS: "50" });
    expect(set.gatewayListenerLimits).toMatchObject({ headersTimeoutMs: 5000, requestTimeoutMs: 0, maxConnections: 50 });
    expect(() => parseConfig({ SECRET_KEY, GATEWAY_HEADERS_TIMEOUT_MS: "5000", GATEWAY_REQUEST_TIMEOUT_MS: "1000" })).toThrow(/GATEWAY_REQUEST_TIMEOUT_MS/);
    expect(() => parseConfig({ SECRET_KEY, GATEWAY_HEADERS_TIMEOUT_MS: "0" })).toThrow(/GATEWAY_HEADERS_TIMEOUT_MS/);
  });

  it("chooses the driver from DATABASE_URL and DATABASE_DRIVER", () => {
    expect(parseConfig({ SECRET_KEY, DATABASE_URL: "postgres://u@db:5432/x" }).databaseDriver).toBe("pg");
    expect(parseConfig({ SECRET_KEY, DATABASE_URL: "postgres://u@ep-1.eu.aws.neon.tech/x" }).databaseDriver).toBe("neon");
    expect(parseConfig({ SECRET_KEY, DATABASE_URL: "postgres://u@db/x", DATABASE_DRIVER: "neon" }).databaseDriver).toBe("neon");
    expect(parseConfig({ SECRET_KEY, DATABASE_URL: "postgres://u@db/x" }).allowPrivateEndpoints).toBe(false);
  });

  it("names each bad variable and what it expects", () => {
    const error = (() => {
      try {
        parseConfig({ SECRET_KEY, PORT: "http", DATABASE_URL: "mysql://x@y/z" });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toMatch(/PORT: expected .*\(got "http"\)/);
    expect(message).toMatch(/DATABASE_URL: expected a postgres:\/\/ or postgresql:\/\/ URL/);
  });

  it("requires a long SECRET_KEY and never echoes it", () => {
    expect(() => parseConfig({ SECRET_KEY: "short" })).toThrow(/SECRET_KEY: expected at least 32 characters/);
    expect(() => parseConfig({ SECRET_KEY: "short" })).not.toThrow(/"short"/);
  });
});
