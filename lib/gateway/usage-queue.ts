import type { UsageRecord } from "./context";

/**
 * Usage events of Edge gateways travel through a Redis list (SharedKeys.usage): the Edge cannot
 * reach the database, so each request RPUSHes its events as JSON and a Node process with the same
 * Redis pops them into its usage recorder (lib/gateway/node/usage-drain.ts). Edge-safe.
 */
export type UsageQueueWriter = { rpush(key: string, ...values: string[]): Promise<unknown> };

/** LPOP with a count: the next `count` entries, oldest first, removed atomically (null when empty). */
export type UsageQueueReader = { lpop(key: string, count: number): Promise<string[] | null> };

export function encodeUsage(record: UsageRecord): string {
  return JSON.stringify(record);
}
