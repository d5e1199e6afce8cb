"use server";

import { sessionCtx } from "@/lib/auth/session";
import { formFields, runAction } from "@/lib/http/action-result";
import { updatePlatformSettings } from "@/lib/users/platform-settings";

export async function updateSettingsAction(formData: FormData) {
  return runAction(async () => updatePlatformSettings({ ctx: await sessionCtx(), input: formFields(formData) }), { revalidate: "/admin/settings" });
}
