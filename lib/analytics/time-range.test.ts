import { describe, expect, it } from "vitest";
import { bucketStarts, granularityFor, rangePieces, resolveTimeRange, TimeRangeInput } from "./time-range";

const now = new Date("2025-06-15T12:34:56.789Z");

describe("time ranges", () => {
  it("picks minutes up to 6 hours, hours up to 14 days, days beyond", () => {
    const ago = (ms: number) => new Date(now.getTime() - ms);
    expect(granularityFor(ago(6 * 3600_000), now, now)).toBe("minute");
    expect(granularityFor(ago(6 * 3600_000 + 1), now, now)).toBe("hour");
    expect(granularityFor(ago(14 * 86_400_000), now, now)).toBe("hour");
    expect(granularityFor(ago(14 * 86_400_000 + 1), now, now)).toBe("day");
  });

  it("answers coarser when the finer roll-ups of the start are already purged", () => {
    const from = new Date(now.getTime() - 10 * 86_400_000);
    expect(granularityFor(from, new Date(from.getTime() + 3600_000), now)).toBe("hour");
    const older = new Date(now.getTime() - 100 * 86_400_000);
    expect(granularityFor(older, new Date(older.getTime() + 3600_000), now)).toBe("day");
  });

  it("aligns presets outward to whole buckets, the current bucket included", () => {
    const range = resolveTimeRange(TimeRangeInput.parse({ range: "1h" }), now);
    expect(range).toMatchObject({ granularity: "minute", from: new Date("2025-06-15T11:34:00Z"), to: new Date("2025-06-15T12:35:00Z") });
    expect(bucketStarts(range)).toHaveLength(61);
    const month = resolveTimeRange(TimeRangeInput.parse({ range: "30d" }), now);
    expect(month).toMatchObject({ granularity: "day", from: new Date("2025-05-16T00:00:00Z"), to: new Date("2025-06-16T00:00:00Z") });
  });

  it("answers a whole range from coarser buckets inside it and the range's own granularity at the ragged ends", () => {
    const week = resolveTimeRange(TimeRangeInput.parse({ range: "7d" }), now);
    expect(rangePieces(week)).toEqual([
      { granularity: "day", from: new Date("2025-06-09T00:00:00Z"), to: new Date("2025-06-15T00:00:00Z") },
      { granularity: "hour", from: new Date("2025-06-08T12:00:00Z"), to: new Date("2025-06-09T00:00:00Z") },
      { granularity: "hour", from: new Date("2025-06-15T00:00:00Z"), to: new Date("2025-06-15T13:00:00Z") },
    ]);
    const hour = resolveTimeRange(TimeRangeInput.parse({ range: "1h" }), now);
    expect(rangePieces(hour)).toEqual([{ granularity: "minute", from: hour.from, to: hour.to }]);
    const sixHours = resolveTimeRange(TimeRangeInput.parse({ range: "custom", from: "2025-06-15T06:30:00Z", to: "2025-06-15T12:00:00Z" }), now);
    expect(rangePieces(sixHours)).toEqual([
      { granularity: "hour", from: new Date("2025-06-15T07:00:00Z"), to: new Date("2025-06-15T12:00:00Z") },
      { granularity: "minute", from: new Date("2025-06-15T06:30:00Z"), to: new Date("2025-06-15T07:00:00Z") },
    ]);
    const month = resolveTimeRange(TimeRangeInput.parse({ range: "30d" }), now);
    expect(rangePieces(month)).toEqual([{ granularity: "day", from: month.from, to: month.to }]);
  });

  it("takes a custom range with an exclusive end, and names what is wrong with a bad one", () => {
    const range = resolveTimeRange(TimeRangeInput.parse({ range: "custom", from: "2025-06-14T10:00:00Z", to: "2025-06-14T12:00:00Z" }), now);
    expect(range).toMatchObject({ granularity: "minute", from: new Date("2025-06-14T10:00:00Z"), to: new Date("2025-06-14T12:00:00Z") });
    expect(TimeRangeInput.safeParse({ range: "custom" }).error?.issues.map((i) => i.path[0])).toEqual(["from", "to"]);
    expect(TimeRangeInput.safeParse({ range: "custom", from: "2025-06-02", to: "2025-06-01" }).success).toBe(false);
    expect(TimeRangeInput.safeParse({ range: "1y" }).success).toBe(false);
    expect(TimeRangeInput.parse({ range: "" }).range).toBe("24h");
  });
});
