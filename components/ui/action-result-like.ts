/** The shape of a server action's answer that UI primitives need (see lib/http/action-result.ts). */
export type ActionResultLike = { ok: true } | { ok: false; message: string };
