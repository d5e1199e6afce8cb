import "server-only";
import { inArray } from "drizzle-orm";
import { z } from "zod";
import type { Queryable } from "@/db/client";
import { platformSettings } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { DEFAULT_TOKEN_VALIDITY_SECONDS, ValiditySeconds } from "@/lib/keys/validity";
import { authorize, parseInput, type Ctx } from "@/lib/services/context";

const wholeNumber = (value: unknown) => (typeof value === "string" && value.trim() !== "" ? Number(value) : value === "" ? undefined : value);

/** The settings an admin can change: stored key, validation and the value used until one is saved. */
export const PLATFORM_SETTINGS = {
  defaultTokenValiditySeconds: {
    key: "keys.default_token_validity_seconds",
    schema: ValiditySeconds,
    fallback: DEFAULT_TOKEN_VALIDITY_SECONDS,
  },
  analyticsRetentionDays: {
    key: "analytics.retention_days",
    schema: z
      .number("Send the retention as a whole number of days.")
      .int("Send the retention as a whole number of days.")
      .min(7, "Keep analytics for at least 7 days.")
      .max(3650, "Keep analytics for at most 3650 days (ten years)."),
    fallback: 90,
  },
} as const;

export type PlatformSettings = { -readonly [K in keyof typeof PLATFORM_SETTINGS]: number };
type SettingName = keyof typeof PLATFORM_SETTINGS;
const NAMES = Object.keys(PLATFORM_SETTINGS) as SettingName[];

const UpdateSettingsInput = z
  .object({
    defaultTokenValiditySeconds: z.preprocess(wholeNumber, PLATFORM_SETTINGS.defaultTokenValiditySeconds.schema.optional()),
    analyticsRetentionDays: z.preprocess(wholeNumber, PLATFORM_SETTINGS.analyticsRetentionDays.schema.optional()),
  });
export type UpdateSettingsInput = z.input<typeof UpdateSettingsInput>;

/** The current settings, defaults filled in. For services that need them (no caller check: nothing secret here). */
export async function readPlatformSettings(db: Queryable): Promise<PlatformSettings> {
  const rows = await db
    .select()
    .from(platformSettings)
    .where(inArray(platformSettings.key, NAMES.map((name) => PLATFORM_SETTINGS[name].key)));
  const stored = new Map(rows.map((row) => [row.key, row.value]));
  const settings = {} as PlatformSettings;
  for (const name of NAMES) {
    const { key, schema, fallback } = PLATFORM_SETTINGS[name];
    const parsed = schema.safeParse(stored.get(key));
    settings[name] = parsed.success ? parsed.data : fallback;
  }
  return settings;
}

/** The settings, for the admin portal. */
export async function getPlatformSettings({ ctx }: { ctx: Ctx }): Promise<PlatformSettings> {
  authorize(ctx, "admin:manage");
  return readPlatformSettings(ctx.db);
}

/** Changes any of the settings; each change is audited with its old and new value. */
export async function updatePlatformSettings({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<PlatformSettings> {
  const actor = authorize(ctx, "admin:manage");
  const changes = parseInput(UpdateSettingsInput, input);
  return ctx.db.transaction(async (tx) => {
    const before = await readPlatformSettings(tx);
    const changed: Record<string, { from: number; to: number }> = {};
    for (const name of NAMES) {
      const value = changes[name];
      if (value === undefined || value === before[name]) continue;
      const { key } = PLATFORM_SETTINGS[name];
      await tx.insert(platformSettings).values({ key, value }).onConflictDoUpdate({ target: platformSettings.key, set: { value } });
      changed[key] = { from: before[name], to: value };
    }
    if (Object.keys(changed).length) {
      await recordAudit(tx, actor, { action: "settings.update", targetType: "platform_settings", details: changed });
    }
    return { ...before, ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) } as PlatformSettings;
  });
}
