import { bucketIndex } from "@/lib/analytics/histogram";
import type { UsageRecord } from "./context";

/**
 * Usage records added up before they travel or are written: calls that agree on everything the
 * analytics tell apart (the minute, API, resource, method, application, user, key type, status, error
 * code, client, gateway, and the latency histogram bucket of the call and of its backend) become one
 * record with `calls` and the sums of their latencies and bytes. All calls of a record then fall in
 * the same histogram bucket, so the roll-up counts them there by their mean and percentiles come out
 * as if every call had been a row of its own. At a steady load a few dozen records stand for thousands
 * of calls: what it costs to carry, insert and roll up usage no longer grows with the call rate, only
 * with how varied the calls are.
 */
export class UsageGroups {
  private groups = new Map<string, UsageRecord>();

  get size(): number {
    return this.groups.size;
  }

  add(record: UsageRecord): void {
    const key = groupKey(record);
    const group = this.groups.get(key);
    if (!group) {
      this.groups.set(key, { ...record });
      return;
    }
    group.calls += record.calls;
    group.latencyMs += record.latencyMs;
    if (group.backendLatencyMs !== null) group.backendLatencyMs += record.backendLatencyMs ?? 0;
    group.bytesIn += record.bytesIn;
    group.bytesOut += record.bytesOut;
    if (record.at > group.at) group.at = record.at;
  }

  /** Drops the group that has waited longest (the first added); whether there was one. */
  dropOldest(): UsageRecord | undefined {
    const first = this.groups.keys().next();
    if (first.done) return undefined;
    const group = this.groups.get(first.value)!;
    this.groups.delete(first.value);
    return group;
  }

  /** Every group so far, oldest first; the next ones start empty. */
  take(): UsageRecord[] {
    const records = [...this.groups.values()];
    this.groups = new Map();
    return records;
  }
}

/** NUL between fields and SOH for null: neither occurs in a header, a path, an id or an address. */
function groupKey(r: UsageRecord): string {
  const backend = r.backendLatencyMs === null ? -1 : bucketIndex(r.backendLatencyMs / r.calls);
  const latency = bucketIndex(r.latencyMs / r.calls);
  const minute = Math.floor(r.at.getTime() / 60_000);
  return `${minute}\0${r.apiId ?? NULL}\0${r.apiVersion ?? NULL}\0${r.resource ?? NULL}\0${r.method}\0${r.applicationId ?? NULL}\0${r.userId ?? NULL}\0${r.keyType ?? NULL}\0${r.status}\0${r.errorCode ?? NULL}\0${r.clientIp ?? NULL}\0${r.gatewayId}\0${latency}\0${backend}`;
}

const NULL = "\u0001";
