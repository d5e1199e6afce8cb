import { ConfirmButton, EmptyState } from "@/components/ui";
import type { CommentDto } from "@/lib/devportal/comments";
import type { ActionResult } from "@/lib/http/action-result";
import { Markdown } from "@/components/markdown";

type Props = {
  apiId: string;
  comments: CommentDto[];
  deleteAction: (apiId: string, commentId: string) => Promise<ActionResult<{ id: string }>>;
};

const when = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short" });

export function CommentList({ apiId, comments, deleteAction }: Props) {
  if (comments.length === 0) {
    return <EmptyState title="No comments yet" description="Used this API? Tell the publisher and other developers how it went." />;
  }
  return (
    <ol className="grid gap-4" aria-label="Comments">
      {comments.map((comment) => (
        <li key={comment.id} className="rounded-xl border border-zinc-200 p-4 dark:border-zinc-800">
          <div className="mb-2 flex items-center justify-between gap-2 text-sm">
            <span>
              <span className="font-medium">{comment.author.name}</span>{" "}
              <time dateTime={comment.createdAt} className="text-zinc-500 dark:text-zinc-400">
                {when.format(new Date(comment.createdAt))}
              </time>
            </span>
            {comment.canDelete && (
              <ConfirmButton
                action={deleteAction.bind(null, apiId, comment.id)}
                label="Delete"
                confirm={{ title: "Delete this comment?", description: "It disappears for everyone. This cannot be undone.", confirmLabel: "Delete comment" }}
                success="Comment deleted"
                size="sm"
                triggerVariant="secondary"
                refresh
              />
            )}
          </div>
          <Markdown>{comment.content}</Markdown>
        </li>
      ))}
    </ol>
  );
}
