import Link from "next/link";
import { CommentForm } from "@/components/devportal/comment-form";
import { CommentList } from "@/components/devportal/comment-list";
import { Button } from "@/components/ui";
import { listComments } from "@/lib/devportal/comments";
import { can } from "@/lib/services/context";
import { addCommentAction, deleteCommentAction } from "../actions";
import { loadApi } from "../load-api";

type Props = { params: Promise<{ apiId: string }> };

export default async function ApiCommentsPage({ params }: Props) {
  const { apiId } = await params;
  const { ctx, api } = await loadApi(apiId);
  const comments = await listComments({ ctx, input: { apiId: api.id } });
  return (
    <div className="grid max-w-3xl gap-6">
      <CommentList apiId={api.id} comments={comments} deleteAction={deleteCommentAction} />
      {can(ctx.actor, "devportal:subscribe") ? (
        <CommentForm apiId={api.id} action={addCommentAction} />
      ) : (
        <Button asChild variant="secondary" className="justify-self-start">
          <Link href={`/sign-in?callbackUrl=${encodeURIComponent(`/devportal/apis/${api.id}/comments`)}`}>Sign in to comment</Link>
        </Button>
      )}
    </div>
  );
}
