"use server";

import { sessionCtx } from "@/lib/auth/session";
import { runAction } from "@/lib/http/action-result";
import { deploySample } from "@/lib/apis/sample/deploy-sample";

export async function deploySampleAction() {
  return runAction(async () => {
    const ctx = await sessionCtx();
    const { api, created } = await deploySample({ ctx });
    return { id: api.id, name: api.name, state: api.state, created };
  }, { revalidate: "/publisher" });
}
