"use client";

import { useEffect, useState } from "react";
import { Button, type ButtonSize, type ButtonVariant } from "./button";

export type CopyButtonProps = {
  value: string;
  /** Visible text before copying; also names the button, e.g. "Copy API key". */
  label?: string;
  variant?: ButtonVariant;
  size?: ButtonSize;
  className?: string;
};

type Status = "idle" | "copied" | "failed";

// navigator.clipboard only exists on HTTPS/localhost; self-hosted gateways are often plain HTTP.
async function writeClipboard(text: string) {
  if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.appendChild(area);
  area.select();
  const ok = document.execCommand("copy");
  area.remove();
  if (!ok) throw new Error("copy failed");
}

export function CopyButton({ value, label = "Copy", variant = "secondary", size = "sm", className }: CopyButtonProps) {
  const [status, setStatus] = useState<Status>("idle");

  useEffect(() => {
    if (status === "idle") return;
    const timer = setTimeout(() => setStatus("idle"), 2000);
    return () => clearTimeout(timer);
  }, [status]);

  async function copy() {
    try {
      await writeClipboard(value);
      setStatus("copied");
    } catch {
      setStatus("failed");
    }
  }

  return (
    <>
      <Button type="button" variant={variant} size={size} className={className} onClick={copy}>
        <svg viewBox="0 0 20 20" fill="currentColor" aria-hidden="true" className="size-4">
          {status === "copied" ? (
            <path
              fillRule="evenodd"
              clipRule="evenodd"
              d="M16.7 5.3a1 1 0 0 1 0 1.4l-8 8a1 1 0 0 1-1.4 0l-4-4a1 1 0 1 1 1.4-1.4L8 12.58l7.3-7.3a1 1 0 0 1 1.4 0Z"
            />
          ) : (
            <path d="M7 3.5A1.5 1.5 0 0 1 8.5 2h3.88a1.5 1.5 0 0 1 1.06.44l3.12 3.12A1.5 1.5 0 0 1 17 6.62V12.5a1.5 1.5 0 0 1-1.5 1.5H14v-3.38a3 3 0 0 0-.88-2.12L10 5.38A3 3 0 0 0 7.88 4.5H7v-1ZM4.5 6A1.5 1.5 0 0 0 3 7.5v9A1.5 1.5 0 0 0 4.5 18h7a1.5 1.5 0 0 0 1.5-1.5v-5.88a1.5 1.5 0 0 0-.44-1.06L9.44 6.44A1.5 1.5 0 0 0 8.38 6H4.5Z" />
          )}
        </svg>
        {status === "copied" ? "Copied" : status === "failed" ? "Copy failed" : label}
      </Button>
      {/* Separate live region: a changing button label alone is not reliably announced. */}
      <span role="status" className="sr-only">
        {status === "copied" ? "Copied to clipboard" : status === "failed" ? "Could not copy. Select the text and copy it manually." : ""}
      </span>
    </>
  );
}
