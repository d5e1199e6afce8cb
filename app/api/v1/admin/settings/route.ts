import { apiRoute, json, readJson } from "@/lib/http/api-route";
import { getPlatformSettings, updatePlatformSettings } from "@/lib/users/platform-settings";

/** Platform settings: `defaultTokenValiditySeconds`, `analyticsRetentionDays`. */
export const GET = apiRoute("apim:admin", async ({ ctx }) => json(await getPlatformSettings({ ctx })));

/** Changes any of the settings (the rest stay); answers with all of them. */
export const PUT = apiRoute("apim:admin", async ({ request, ctx }) => {
  return json(await updatePlatformSettings({ ctx, input: await readJson(request) }));
});
