"use client";

import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { Button, useToast } from "@/components/ui";

/**
 * Uploads through the REST API rather than a server action: server actions cap bodies at 1 MB,
 * the same as the largest thumbnail, and multipart overhead would push a full-size one over.
 */
export function ThumbnailUpload({ apiId, hasThumbnail, version }: { apiId: string; hasThumbnail: boolean; version: string }) {
  const router = useRouter();
  const { toast } = useToast();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const url = `/api/v1/publisher/apis/${apiId}/thumbnail`;

  async function send(init: RequestInit, success: string) {
    setBusy(true);
    try {
      const response = await fetch(url, init);
      if (!response.ok) {
        const problem = (await response.json().catch(() => null)) as { errors?: { messages: string[] }[]; detail?: string } | null;
        toast({ title: "Thumbnail not saved", description: problem?.errors?.[0]?.messages[0] ?? problem?.detail, variant: "error" });
        return;
      }
      toast({ title: success, variant: "success" });
      router.refresh();
    } finally {
      setBusy(false);
      if (input.current) input.current.value = "";
    }
  }

  return (
    <div className="flex items-center gap-4">
      <div className="grid size-20 shrink-0 place-items-center overflow-hidden rounded-lg border border-zinc-200 bg-zinc-50 dark:border-zinc-800 dark:bg-zinc-900">
        {hasThumbnail ? (
          // eslint-disable-next-line @next/next/no-img-element -- an authenticated image from our own API
          <img src={`${url}?v=${encodeURIComponent(version)}`} alt="API thumbnail" className="size-full object-cover" />
        ) : (
          <span className="text-xs text-zinc-500">No image</span>
        )}
      </div>
      <div className="grid gap-2">
        <input
          ref={input}
          type="file"
          accept="image/png,image/jpeg,image/gif,image/webp"
          aria-label="Thumbnail image"
          className="text-sm file:me-3 file:rounded-md file:border file:border-zinc-300 file:bg-white file:px-3 file:py-1.5 file:text-sm dark:file:border-zinc-700 dark:file:bg-zinc-900"
          disabled={busy}
          onChange={(event) => {
            const file = event.currentTarget.files?.[0];
            if (!file) return;
            const body = new FormData();
            body.set("file", file);
            void send({ method: "PUT", body }, "Thumbnail updated");
          }}
        />
        <p className="text-xs text-zinc-500">PNG, JPEG, GIF or WebP, at most 1 MB.</p>
        {hasThumbnail && (
          <Button type="button" variant="ghost" size="sm" className="justify-self-start" disabled={busy} onClick={() => void send({ method: "DELETE" }, "Thumbnail removed")}>
            Remove image
          </Button>
        )}
      </div>
    </div>
  );
}
