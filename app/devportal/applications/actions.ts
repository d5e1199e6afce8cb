"use server";

import { revalidatePath } from "next/cache";
import { sessionCtx } from "@/lib/auth/session";
import { createApplication, deleteApplication, updateApplication } from "@/lib/devportal/application-writes";
import { unsubscribe } from "@/lib/devportal/subscriptions";
import { formFields, runAction } from "@/lib/http/action-result";

export async function createApplicationAction(formData: FormData) {
  return runAction(async () => {
    const created = await createApplication({ ctx: await sessionCtx(), input: formFields(formData) });
    revalidatePath("/devportal/applications");
    return created;
  });
}

export async function updateApplicationAction(applicationId: string, formData: FormData) {
  return runAction(async () => updateApplication({ ctx: await sessionCtx(), input: { ...formFields(formData), applicationId } }));
}

export async function deleteApplicationAction(applicationId: string, cascade: boolean) {
  return runAction(async () => {
    const deleted = await deleteApplication({ ctx: await sessionCtx(), input: { applicationId, cascade } });
    revalidatePath("/devportal/applications");
    return deleted;
  });
}

export async function unsubscribeAction(subscriptionId: string) {
  return runAction(async () => {
    const removed = await unsubscribe({ ctx: await sessionCtx(), input: { subscriptionId } });
    revalidatePath(`/devportal/applications/${removed.applicationId}`, "layout");
    return removed;
  });
}
