import { ReportInput } from "@/lib/analytics/scope";

export type PageSearchParams = Promise<Record<string, string | string[] | undefined>>;

const KEYS = ["range", "from", "to", "api", "application"] as const;

/**
 * The report filters in a page's URL. A bad custom range or filter is reported back and the page
 * falls back to the last 24 hours, rather than failing.
 */
export async function reportParams(searchParams: PageSearchParams): Promise<{ input: Record<string, string>; query: string; error?: string }> {
  const raw = await searchParams;
  const input: Record<string, string> = {};
  for (const key of KEYS) {
    const value = raw[key];
    const first = Array.isArray(value) ? value[0] : value;
    if (first) input[key] = first;
  }
  const parsed = ReportInput.safeParse(input);
  if (!parsed.success) return { input: {}, query: "", error: parsed.error.issues[0]?.message ?? "Invalid filters." };
  return { input, query: new URLSearchParams(input).toString() };
}
