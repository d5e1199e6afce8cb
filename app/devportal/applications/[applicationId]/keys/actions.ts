"use server";

import { sessionCtx } from "@/lib/auth/session";
import { runAction } from "@/lib/http/action-result";
import { createApiKey, revokeApiKey } from "@/lib/keys/api-keys";
import { issueApplicationToken } from "@/lib/keys/application-token";
import { generateConsumerKeys, regenerateConsumerSecret, revokeConsumerKeys } from "@/lib/keys/consumer-keys";

type Target = { applicationId: string; keyType: string };

export async function generateKeysAction(target: Target) {
  return runAction(async () => generateConsumerKeys({ ctx: await sessionCtx(), input: target }));
}

export async function regenerateSecretAction(target: Target) {
  return runAction(async () => regenerateConsumerSecret({ ctx: await sessionCtx(), input: target }));
}

export async function revokeKeysAction(target: Target) {
  return runAction(async () => revokeConsumerKeys({ ctx: await sessionCtx(), input: target }));
}

export async function generateTokenAction(target: Target, validityPeriod: number, scopes: string[]) {
  return runAction(async () => issueApplicationToken({ ctx: await sessionCtx(), input: { ...target, validityPeriod, scopes } }));
}

export async function createApiKeyAction(target: Target, validityPeriod: number) {
  return runAction(async () => createApiKey({ ctx: await sessionCtx(), input: { ...target, validityPeriod } }));
}

export async function revokeApiKeyAction(target: Target, keyId: string) {
  return runAction(async () => revokeApiKey({ ctx: await sessionCtx(), input: { ...target, keyId } }));
}
