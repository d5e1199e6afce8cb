import "server-only";
import { and, asc, eq, isNull } from "drizzle-orm";
import { comments, users } from "@/db/schema";
import type { ApiRow } from "@/lib/apis/access";
import { recordAudit } from "@/lib/audit/record";
import { ForbiddenError, NotFoundError } from "@/lib/errors";
import { authorize, can, parseInput, type Actor, type Ctx } from "@/lib/services/context";
import { AddCommentInput, ApiIdInput, CommentIdInput } from "./schemas";
import { findVisibleApi } from "./visibility";

export type CommentDto = {
  id: string;
  apiId: string;
  /** Markdown as written; render it only through the sanitising Markdown component. */
  content: string;
  author: { id: string; name: string };
  createdAt: string;
  /** The caller may delete it: their own, or any on their organization's APIs for publishers and admins. */
  canDelete: boolean;
};

type Args = { ctx: Ctx; input: unknown };

/**
 * Publishers and admins of the API's organization, by what the calling credential carries: a token
 * needs apim:api_publish or apim:admin, not merely a user whose roles would allow it.
 */
function mayModerate(actor: Actor | null, api: Pick<ApiRow, "organizationId">): boolean {
  return actor !== null && (can(actor, "api:publish") || can(actor, "admin:manage")) && actor.organizationId === api.organizationId;
}

/** Comments on an API the caller may see, oldest first. Anyone may read them. */
export async function listComments({ ctx, input }: Args): Promise<CommentDto[]> {
  const { apiId } = parseInput(ApiIdInput, input);
  const api = await findVisibleApi(ctx.db, ctx.actor, apiId);
  const moderator = mayModerate(ctx.actor, api);
  const rows = await ctx.db
    .select({ id: comments.id, apiId: comments.apiId, content: comments.content, createdAt: comments.createdAt, authorId: users.id, authorName: users.name })
    .from(comments)
    .innerJoin(users, eq(users.id, comments.userId))
    .where(and(eq(comments.apiId, api.id), isNull(comments.deletedAt)))
    .orderBy(asc(comments.createdAt))
    .limit(500);
  return rows.map((row) => ({
    id: row.id,
    apiId: row.apiId,
    content: row.content,
    author: { id: row.authorId, name: row.authorName },
    createdAt: row.createdAt.toISOString(),
    canDelete: moderator || row.authorId === ctx.actor?.id,
  }));
}

/** Adds a Markdown comment; it is stored as written and sanitised whenever it is rendered. */
export async function addComment({ ctx, input }: Args): Promise<CommentDto> {
  const actor = authorize(ctx, "devportal:subscribe");
  const data = parseInput(AddCommentInput, input);
  return ctx.db.transaction(async (tx) => {
    const api = await findVisibleApi(tx, actor, data.apiId);
    const [row] = await tx.insert(comments).values({ apiId: api.id, userId: actor.id, content: data.content }).returning();
    return {
      id: row.id,
      apiId: row.apiId,
      content: row.content,
      author: { id: actor.id, name: actor.name },
      createdAt: row.createdAt.toISOString(),
      canDelete: true,
    };
  });
}

/** Deletes a comment: its author may, and so may publishers and admins of the API's organization. */
export async function deleteComment({ ctx, input }: Args): Promise<{ id: string }> {
  const actor = authorize(ctx, "devportal:subscribe");
  const data = parseInput(CommentIdInput, input);
  return ctx.db.transaction(async (tx) => {
    const api = await findVisibleApi(tx, actor, data.apiId);
    const [row] = await tx
      .select()
      .from(comments)
      .where(and(eq(comments.id, data.commentId), eq(comments.apiId, api.id), isNull(comments.deletedAt)));
    if (!row) throw new NotFoundError("comment");
    const own = row.userId === actor.id;
    if (!own && !mayModerate(actor, api)) throw new ForbiddenError("Only its author, or a publisher of this API, may delete this comment.");
    await tx.update(comments).set({ deletedAt: new Date() }).where(eq(comments.id, row.id));
    if (!own) {
      await recordAudit(tx, actor, { action: "comment.moderate", targetType: "comment", targetId: row.id, details: { apiId: api.id, authorId: row.userId } });
    }
    return { id: row.id };
  });
}
