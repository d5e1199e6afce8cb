import { POLICY_LEVELS, type PolicyLevel } from "@/db/schema";
import { ValidationError } from "@/lib/errors";
import { apiRoute, json, readJson } from "@/lib/http/api-route";
import { createPolicy, listPolicies } from "@/lib/throttling/policies";

/** Every throttling policy (defaults first, marked `isDefault`); `?level=SUBSCRIPTION|APPLICATION|API` narrows it. */
export const GET = apiRoute("apim:admin", async ({ request, ctx }) => {
  const level = new URL(request.url).searchParams.get("level")?.toUpperCase() || undefined;
  if (level && !(POLICY_LEVELS as readonly string[]).includes(level)) {
    throw new ValidationError(`level is one of ${POLICY_LEVELS.join(", ")}.`, { level: ["unknown level"] });
  }
  return json(await listPolicies({ ctx, level: level as PolicyLevel | undefined }));
});

/** `{ level, name, displayName?, description?, requestCount, unitTime, timeUnit: "sec"|"min"|"hour"|"day" }` → 201. */
export const POST = apiRoute("apim:admin", async ({ request, ctx }) => {
  return json(await createPolicy({ ctx, input: await readJson(request) }), 201);
});
