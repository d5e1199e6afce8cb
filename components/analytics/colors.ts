/** Series colours, the same on every dashboard: calls, errors, throttled, latency, subscriptions. */
export const SERIES_COLORS = {
  calls: "#4f46e5",
  errors: "#dc2626",
  throttled: "#d97706",
  latency: "#0891b2",
  subscriptions: "#16a34a",
} as const;
