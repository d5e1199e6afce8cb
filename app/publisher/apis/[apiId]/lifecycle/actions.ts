"use server";

import { changeLifecycle, type LifecycleInput } from "@/lib/apis/change-lifecycle";
import { runPublisherAction } from "../../../run-publisher-action";

export async function changeLifecycleAction(apiId: string, input: LifecycleInput) {
  return runPublisherAction((ctx) => changeLifecycle({ ctx, apiId, input }));
}
