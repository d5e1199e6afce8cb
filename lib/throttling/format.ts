import type { Tier } from "./default-policies";

const UNITS = { sec: "second", min: "minute", hour: "hour", day: "day" } as const;

/** "5,000 per minute", "300 per 2 hours", "Unlimited": a policy's limit for people. */
export function formatLimit({ requestCount, unitTime, timeUnit }: Pick<Tier, "requestCount" | "unitTime" | "timeUnit">): string {
  if (requestCount === null) return "Unlimited";
  const unit = UNITS[timeUnit];
  return `${requestCount.toLocaleString("en")} per ${unitTime === 1 ? unit : `${unitTime} ${unit}s`}`;
}
