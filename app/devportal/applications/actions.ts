"use server";

import { sessionCtx } from "@/lib/auth/session";
import { createApplication, deleteApplication, updateApplication } from "@/lib/devportal/application-writes";
import { unsubscribe } from "@/lib/devportal/subscriptions";
import { formFields, runAction } from "@/lib/http/action-result";

export async function createApplicationAction(formData: FormData) {
  return runAction(async () => createApplication({ ctx: await sessionCtx(), input: formFields(formData) }), { revalidate: "/devportal/applications" });
}

export async function updateApplicationAction(applicationId: string, formData: FormData) {
  return runAction(async () => updateApplication({ ctx: await sessionCtx(), input: { ...formFields(formData), applicationId } }));
}

export async function deleteApplicationAction(applicationId: string, cascade: boolean) {
  return runAction(async () => deleteApplication({ ctx: await sessionCtx(), input: { applicationId, cascade } }), { revalidate: "/devportal/applications" });
}

export async function unsubscribeAction(subscriptionId: string) {
  return runAction(async () => unsubscribe({ ctx: await sessionCtx(), input: { subscriptionId } }), { revalidate: (removed) => `/devportal/applications/${removed.applicationId}` });
}
