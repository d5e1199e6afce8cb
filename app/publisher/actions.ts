"use server";

import { deploySample } from "@/lib/apis/sample/deploy-sample";
import { runPublisherAction } from "./run-publisher-action";

export async function deploySampleAction() {
  return runPublisherAction(async (ctx) => {
    const { api, created } = await deploySample({ ctx });
    return { id: api.id, name: api.name, state: api.state, created };
  });
}
