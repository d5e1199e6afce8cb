"use client";

import { Area, AreaChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatBucket } from "./format";

export type SeriesDefinition = { key: string; label: string; color: string };

type Props = {
  points: ({ bucket: string } & Record<string, number | string | null>)[];
  series: SeriesDefinition[];
  granularity: "minute" | "hour" | "day";
  /** Names what the chart shows, for screen readers (the tables beside it carry the numbers). */
  label: string;
  unit?: string;
  height?: number;
};

/** Values over time, one area per series, buckets along the x axis. */
export function TimeSeriesChart({ points, series, granularity, label, unit, height = 260 }: Props) {
  return (
    <figure className="rounded-xl border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900">
      <figcaption className="sr-only">{label}</figcaption>
      <div style={{ height }} role="img" aria-label={label}>
        <ResponsiveContainer width="100%" height="100%">
          <AreaChart data={points} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" className="stroke-zinc-200 dark:stroke-zinc-800" />
            <XAxis
              dataKey="bucket"
              tickFormatter={(value: string) => formatBucket(value, granularity)}
              minTickGap={32}
              tick={{ fontSize: 12 }}
              className="fill-zinc-500"
            />
            <YAxis allowDecimals={false} tick={{ fontSize: 12 }} width={56} unit={unit} />
            <Tooltip
              labelFormatter={(value) => new Date(String(value)).toLocaleString("en")}
              contentStyle={{ borderRadius: 8, fontSize: 12 }}
            />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {series.map((s) => (
              <Area
                key={s.key}
                type="linear"
                dataKey={s.key}
                name={s.label}
                stroke={s.color}
                fill={s.color}
                fillOpacity={0.15}
                strokeWidth={2}
                connectNulls
                isAnimationActive={false}
              />
            ))}
          </AreaChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
