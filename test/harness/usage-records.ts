import type { UsageRecord } from "@/lib/gateway/context";

/** One successful call as the gateway records it, with any field overridden. */
export function usageRecord(overrides: Partial<UsageRecord> = {}): UsageRecord {
  return {
    calls: 1,
    at: new Date("2026-12-02T10:00:05.000Z"),
    apiId: "0b7c6f4e-1d2a-4c3b-9e8f-7a6b5c4d3e2f",
    apiName: "Shop",
    apiVersion: "1.0.0",
    context: "/shop",
    resource: "GET /menu",
    method: "GET",
    applicationId: "6f1c1a52-59f0-4d38-9d59-2f4f7e0c2a11",
    userId: "user-1",
    keyType: "PRODUCTION",
    status: 200,
    errorCode: null,
    latencyMs: 4,
    backendLatencyMs: 3.5,
    bytesIn: 0,
    bytesOut: 1024,
    clientIp: "203.0.113.9",
    gatewayId: "host:1:embedded",
    ...overrides,
  };
}
