"use server";

import { revalidatePath } from "next/cache";
import { sessionCtx } from "@/lib/auth/session";
import { formFields, runAction } from "@/lib/http/action-result";
import { updatePlatformSettings } from "@/lib/users/platform-settings";

export async function updateSettingsAction(_previous: unknown, formData: FormData) {
  const result = await runAction(async () => updatePlatformSettings({ ctx: await sessionCtx(), input: formFields(formData) }));
  if (result.ok) revalidatePath("/admin/settings");
  return result;
}
