"use server";

import { getDb } from "@/db";
import { formFields, runAction, type ActionResult } from "@/lib/http/action-result";
import { signUp, type SignedUpUser } from "@/lib/users/sign-up";

/** Self sign-up is open to anyone; the service validates and refuses duplicates. */
export async function signUpAction(_previous: ActionResult<SignedUpUser> | null, formData: FormData) {
  return runAction(async () => signUp({ ctx: { actor: null, db: await getDb() }, input: formFields(formData) }));
}
