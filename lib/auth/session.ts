import "server-only";
import { cache } from "react";
import { getServerSession } from "next-auth";
import { getDb } from "@/db";
import { loadActor } from "@/lib/users/authenticate";
import type { Actor, Ctx } from "@/lib/services/context";
import { authOptions } from "./next-auth";

/** The signed-in user for this request, re-read from the database (once per request). */
export const getSessionActor = cache(async (): Promise<Actor | null> => {
  const session = await getServerSession(authOptions());
  if (!session?.user?.id) return null;
  return loadActor(await getDb(), session.user.id);
});

/** A service context for the current request's session. */
export async function sessionCtx(): Promise<Ctx> {
  const [actor, db] = await Promise.all([getSessionActor(), getDb()]);
  return { actor, db };
}
