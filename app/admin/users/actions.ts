"use server";

import { sessionCtx } from "@/lib/auth/session";
import { formFields, runAction } from "@/lib/http/action-result";
import { createUser } from "@/lib/users/create-user";
import { resetUserPassword, setUserDisabled } from "@/lib/users/manage-user";
import { setRoles } from "@/lib/users/set-roles";

export async function createUserAction(formData: FormData) {
  return runAction(async () => {
    const { user, generatedPassword } = await createUser({ ctx: await sessionCtx(), input: { ...formFields(formData), roles: formData.getAll("roles") } });
    return { id: user.id, email: user.email, generatedPassword: generatedPassword ?? null };
  }, { revalidate: "/admin" });
}

export async function setRolesAction(userId: string, formData: FormData) {
  return runAction(async () => setRoles({ ctx: await sessionCtx(), userId, input: { roles: formData.getAll("roles") } }), { revalidate: "/admin" });
}

export async function setDisabledAction(userId: string, disabled: boolean) {
  return runAction(async () => setUserDisabled({ ctx: await sessionCtx(), userId, input: { disabled } }), { revalidate: "/admin" });
}

export async function resetPasswordAction(userId: string) {
  return runAction(async () => resetUserPassword({ ctx: await sessionCtx(), userId }), { revalidate: "/admin" });
}
