"use server";

import { revalidatePath } from "next/cache";
import { sessionCtx } from "@/lib/auth/session";
import { formFields, runAction, type ActionResult } from "@/lib/http/action-result";
import { createUser } from "@/lib/users/create-user";
import { resetUserPassword, setUserDisabled } from "@/lib/users/manage-user";
import { setRoles } from "@/lib/users/set-roles";

async function run<T>(call: () => Promise<T>): Promise<ActionResult<T>> {
  const result = await runAction(call);
  if (result.ok) revalidatePath("/admin", "layout");
  return result;
}

export async function createUserAction(_previous: unknown, formData: FormData) {
  return run(async () => {
    const { user, generatedPassword } = await createUser({ ctx: await sessionCtx(), input: { ...formFields(formData), roles: formData.getAll("roles") } });
    return { id: user.id, email: user.email, generatedPassword: generatedPassword ?? null };
  });
}

export async function setRolesAction(userId: string, _previous: unknown, formData: FormData) {
  return run(async () => setRoles({ ctx: await sessionCtx(), userId, input: { roles: formData.getAll("roles") } }));
}

export async function setDisabledAction(userId: string, disabled: boolean) {
  return run(async () => setUserDisabled({ ctx: await sessionCtx(), userId, input: { disabled } }));
}

export async function resetPasswordAction(userId: string) {
  return run(async () => resetUserPassword({ ctx: await sessionCtx(), userId }));
}
