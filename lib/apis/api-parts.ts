import "server-only";
import { and, eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { apiEndpoints, apiResources, apiScopes } from "@/db/schema";
import { config } from "@/lib/config";
import { ValidationError } from "@/lib/errors";
import { availablePolicyNames } from "@/lib/throttling/default-policies";
import type { HostLookup } from "@/lib/net/guarded-dial";
import { privateEndpointProblem } from "./endpoint-guard";
import type { EndpointInput, ResourceInput, ScopeInput } from "./schemas";

type Endpoints = { production?: EndpointInput | null; sandbox?: EndpointInput | null };

/** Replaces an API's resources, keeping their order. */
export async function replaceResources(tx: Tx, apiId: string, resources: ResourceInput[]): Promise<void> {
  await tx.delete(apiResources).where(eq(apiResources.apiId, apiId));
  if (resources.length === 0) return;
  await tx.insert(apiResources).values(resources.map((r, position) => ({ ...r, apiId, position })));
}

export async function replaceScopes(tx: Tx, apiId: string, scopes: ScopeInput[]): Promise<void> {
  await tx.delete(apiScopes).where(eq(apiScopes.apiId, apiId));
  if (scopes.length === 0) return;
  await tx.insert(apiScopes).values(scopes.map((s) => ({ ...s, apiId })));
}

/** Writes the endpoints named: a value sets it, null removes it, undefined leaves it. */
export async function writeEndpoints(tx: Tx, apiId: string, endpoints: Endpoints): Promise<void> {
  for (const [field, keyType] of [["production", "PRODUCTION"], ["sandbox", "SANDBOX"]] as const) {
    const endpoint = endpoints[field];
    if (endpoint === undefined) continue;
    if (endpoint === null) {
      await tx.delete(apiEndpoints).where(and(eq(apiEndpoints.apiId, apiId), eq(apiEndpoints.keyType, keyType)));
      continue;
    }
    await tx
      .insert(apiEndpoints)
      .values({ apiId, keyType, url: endpoint.url, timeoutMs: endpoint.timeoutMs })
      .onConflictDoUpdate({ target: [apiEndpoints.apiId, apiEndpoints.keyType], set: { url: endpoint.url, timeoutMs: endpoint.timeoutMs } });
  }
}

type TierChoice = { resources?: ResourceInput[]; subscriptionTiers?: string[]; apiThrottlingTier?: string | null };

/** Every tier named must be a default or an admin-made policy of its level. */
export async function checkTiers(tx: Tx, choice: TierChoice): Promise<void> {
  const errors: Record<string, string[]> = {};
  const subscription = await availablePolicyNames(tx, "SUBSCRIPTION");
  const api = await availablePolicyNames(tx, "API");
  choice.subscriptionTiers?.forEach((tier, i) => {
    if (!subscription.includes(tier)) errors[`subscriptionTiers.${i}`] = [`${tier} is not a subscription tier. Choose from ${subscription.join(", ")}.`];
  });
  if (choice.apiThrottlingTier && !api.includes(choice.apiThrottlingTier)) {
    errors.apiThrottlingTier = [`${choice.apiThrottlingTier} is not an API-level tier. Choose from ${api.join(", ")}.`];
  }
  choice.resources?.forEach((resource, i) => {
    if (!api.includes(resource.throttlingTier)) {
      errors[`resources.${i}.throttlingTier`] = [`${resource.throttlingTier} is not a resource tier. Choose from ${api.join(", ")}.`];
    }
  });
  throwIfAny(errors);
}

/** A resource may only require scopes the API defines. */
export function checkResourceScopes(resources: ResourceInput[], scopes: ScopeInput[]): void {
  const keys = new Set(scopes.map((s) => s.key));
  const errors: Record<string, string[]> = {};
  resources.forEach((resource, i) => {
    const unknown = resource.scopes.filter((key) => !keys.has(key));
    if (unknown.length > 0) errors[`resources.${i}.scopes`] = [`Define the scope${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")} first.`];
  });
  throwIfAny(errors);
}

/**
 * Where private backends are not allowed, an endpoint whose host is a private literal, localhost,
 * or a name that resolves (to any one address) privately is refused when saved, on the field that
 * names it. A name that does not resolve yet is accepted (see privateEndpointProblem): the gateway
 * checks the addresses of every connection it opens, so the save-time check is for a clear answer.
 */
export async function checkEndpointHosts(endpoints: Endpoints, lookup?: HostLookup): Promise<void> {
  if (config().allowPrivateEndpoints) return;
  const errors: Record<string, string[]> = {};
  await Promise.all(
    (["production", "sandbox"] as const).map(async (field) => {
      const url = endpoints[field]?.url;
      const problem = url ? await privateEndpointProblem(url, lookup) : null;
      if (problem) errors[`endpoints.${field}.url`] = [problem];
    }),
  );
  throwIfAny(errors);
}

function throwIfAny(errors: Record<string, string[]>): void {
  const fields = Object.keys(errors);
  if (fields.length > 0) throw new ValidationError(`${fields[0]}: ${errors[fields[0]][0]}`, errors);
}
