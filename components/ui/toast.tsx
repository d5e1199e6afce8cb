"use client";

import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";
import { Toast as ToastPrimitive } from "radix-ui";
import { cn } from "./cn";

export type ToastVariant = "default" | "success" | "error";
export type ToastOptions = { title: string; description?: string; variant?: ToastVariant; duration?: number };
type ToastItem = ToastOptions & { id: number };

type ToastContextValue = {
  toast: (options: ToastOptions) => number;
  dismiss: (id: number) => void;
};

const ToastContext = createContext<ToastContextValue | null>(null);

// Older toasts are dropped so a burst of errors cannot cover the page.
const MAX_TOASTS = 4;
let nextId = 1;

const variantClass: Record<ToastVariant, string> = {
  default: "border-zinc-200 dark:border-zinc-700",
  success: "border-green-300 dark:border-green-800",
  error: "border-red-300 dark:border-red-800",
};

const iconClass: Record<ToastVariant, string> = {
  default: "bg-brand-500",
  success: "bg-green-500",
  error: "bg-red-500",
};

/** Put once in the root layout around the app; provides useToast() and renders the toasts. */
export function Toaster({ children }: { children?: ReactNode }) {
  const [toasts, setToasts] = useState<ToastItem[]>([]);

  const dismiss = useCallback((id: number) => {
    setToasts((current) => current.filter((t) => t.id !== id));
  }, []);

  const toast = useCallback((options: ToastOptions) => {
    const id = nextId++;
    setToasts((current) => [...current, { ...options, id }].slice(-MAX_TOASTS));
    return id;
  }, []);

  const value = useMemo(() => ({ toast, dismiss }), [toast, dismiss]);

  return (
    <ToastContext.Provider value={value}>
      <ToastPrimitive.Provider swipeDirection="right" duration={5000} label="Notification">
        {children}
        {toasts.map(({ id, title, description, variant = "default", duration }) => (
          <ToastPrimitive.Root
            key={id}
            // "foreground" makes Radix announce assertively, which errors deserve; the rest stay polite.
            type={variant === "error" ? "foreground" : "background"}
            duration={duration ?? (variant === "error" ? 8000 : undefined)}
            onOpenChange={(open) => {
              if (!open) dismiss(id);
            }}
            className={cn(
              "relative flex items-start gap-3 rounded-lg border bg-white p-4 pe-10 text-zinc-900 shadow-lg dark:bg-zinc-900 dark:text-zinc-100",
              "transition-[opacity,translate] starting:translate-x-4 starting:opacity-0 motion-reduce:transition-none",
              "data-[swipe=move]:translate-x-(--radix-toast-swipe-move-x) data-[swipe=move]:transition-none",
              "data-[swipe=cancel]:translate-x-0",
              variantClass[variant],
            )}
          >
            <span aria-hidden="true" className={cn("mt-1.5 size-2 shrink-0 rounded-full", iconClass[variant])} />
            <div className="grid gap-1">
              <ToastPrimitive.Title className="text-sm font-semibold">{title}</ToastPrimitive.Title>
              {description && (
                <ToastPrimitive.Description className="text-sm text-zinc-600 dark:text-zinc-400">
                  {description}
                </ToastPrimitive.Description>
              )}
            </div>
            <ToastPrimitive.Close
              aria-label="Dismiss notification"
              className="absolute end-2 top-2 inline-flex size-7 cursor-pointer items-center justify-center rounded-md text-zinc-500 hover:bg-zinc-100 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-brand-500 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
            >
              <svg viewBox="0 0 20 20" fill="currentColor" aria-hidden="true" className="size-4">
                <path d="M6.28 5.22a.75.75 0 0 0-1.06 1.06L8.94 10l-3.72 3.72a.75.75 0 1 0 1.06 1.06L10 11.06l3.72 3.72a.75.75 0 1 0 1.06-1.06L11.06 10l3.72-3.72a.75.75 0 0 0-1.06-1.06L10 8.94 6.28 5.22Z" />
              </svg>
            </ToastPrimitive.Close>
          </ToastPrimitive.Root>
        ))}
        <ToastPrimitive.Viewport className="fixed end-0 bottom-0 z-100 m-0 flex w-full max-w-sm list-none flex-col gap-2 p-4 outline-none" />
      </ToastPrimitive.Provider>
    </ToastContext.Provider>
  );
}

/** `const { toast } = useToast(); toast({ title: "Saved", variant: "success" })` */
export function useToast(): ToastContextValue {
  const context = useContext(ToastContext);
  if (!context) throw new Error("useToast() must be used inside <Toaster>; add it to the root layout.");
  return context;
}
