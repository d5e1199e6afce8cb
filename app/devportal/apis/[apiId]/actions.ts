"use server";

import { sessionCtx } from "@/lib/auth/session";
import { addComment, deleteComment } from "@/lib/devportal/comments";
import { issueConsoleToken } from "@/lib/devportal/console";
import { rateApi } from "@/lib/devportal/ratings";
import { subscribe } from "@/lib/devportal/subscriptions";
import { runAction } from "@/lib/http/action-result";

export async function subscribeAction(input: { apiId: string; applicationId: string; throttlingTier: string }) {
  return runAction(async () => subscribe({ ctx: await sessionCtx(), input }), { revalidate: `/devportal/apis/${input.apiId}` });
}

export async function rateAction(apiId: string, rating: number) {
  return runAction(async () => rateApi({ ctx: await sessionCtx(), input: { apiId, rating } }));
}

export async function addCommentAction(apiId: string, content: string) {
  return runAction(async () => addComment({ ctx: await sessionCtx(), input: { apiId, content } }));
}

export async function deleteCommentAction(apiId: string, commentId: string) {
  return runAction(async () => deleteComment({ ctx: await sessionCtx(), input: { apiId, commentId } }));
}

/** A short-lived token for the API console, from one of the caller's subscribed applications. */
export async function consoleTokenAction(input: { apiId: string; applicationId: string; keyType: string }) {
  return runAction(async () => issueConsoleToken({ ctx: await sessionCtx(), input }));
}
