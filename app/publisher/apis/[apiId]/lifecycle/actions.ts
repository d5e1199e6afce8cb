"use server";

import { sessionCtx } from "@/lib/auth/session";
import { runAction } from "@/lib/http/action-result";
import { changeLifecycle, type LifecycleInput } from "@/lib/apis/change-lifecycle";

export async function changeLifecycleAction(apiId: string, input: LifecycleInput) {
  return runAction(async () => changeLifecycle({ ctx: await sessionCtx(), apiId, input }), { revalidate: "/publisher" });
}
