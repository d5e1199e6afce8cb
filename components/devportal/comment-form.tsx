"use client";

import { useState } from "react";
import { Button, Field, Textarea, useAction } from "@/components/ui";
import type { CommentDto } from "@/lib/devportal/comments";
import type { ActionResult } from "@/lib/http/action-result";

type Props = { apiId: string; action: (apiId: string, content: string) => Promise<ActionResult<CommentDto>> };

export function CommentForm({ apiId, action }: Props) {
  const [content, setContent] = useState("");
  const { run, pending, fieldError } = useAction(action, { success: "Comment posted", onSuccess: () => setContent(""), refresh: true, failureToast: "That did not work" });
  return (
    <form
      className="grid gap-3"
      onSubmit={(event) => {
        event.preventDefault();
        void run(apiId, content);
      }}
    >
      <Field label="Add a comment" hint="Markdown works: **bold**, `code`, lists and links." error={fieldError("content")}>
        <Textarea
          value={content}
          onChange={(e) => setContent(e.target.value)}
          rows={4}
          maxLength={5000}
          required
          onKeyDown={(e) => {
            if (e.key === "Enter" && (e.metaKey || e.ctrlKey)) e.currentTarget.form?.requestSubmit();
          }}
        />
      </Field>
      <Button type="submit" loading={pending} className="justify-self-start">
        Post comment
      </Button>
    </form>
  );
}
