"use server";

import { getDb } from "@/db";
import { formFields, runAction } from "@/lib/http/action-result";
import { signUp } from "@/lib/users/sign-up";

/** Self sign-up is open to anyone; the service validates and refuses duplicates. */
export async function signUpAction(formData: FormData) {
  return runAction(async () => signUp({ ctx: { actor: null, db: await getDb() }, input: formFields(formData) }));
}
