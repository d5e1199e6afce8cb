"use client";

import { useSyncExternalStore } from "react";
import { cn } from "./cn";
import { THEME_STORAGE_KEY, type Theme } from "./theme-script";

const CHANGE_EVENT = "portcullis-theme-change";
const order: Theme[] = ["light", "dark", "system"];
const names: Record<Theme, string> = { light: "Light", dark: "Dark", system: "System" };

function readTheme(): Theme {
  const stored = localStorage.getItem(THEME_STORAGE_KEY);
  return stored === "light" || stored === "dark" ? stored : "system";
}

// localStorage is an external store; subscribing (rather than reading it in an effect) keeps
// server HTML and first client render identical, then swaps in the stored choice.
function subscribe(onChange: () => void) {
  window.addEventListener("storage", onChange);
  window.addEventListener(CHANGE_EVENT, onChange);
  return () => {
    window.removeEventListener("storage", onChange);
    window.removeEventListener(CHANGE_EVENT, onChange);
  };
}

function setTheme(theme: Theme) {
  if (theme === "system") localStorage.removeItem(THEME_STORAGE_KEY);
  else localStorage.setItem(THEME_STORAGE_KEY, theme);
  const dark = theme === "dark" || (theme === "system" && window.matchMedia("(prefers-color-scheme: dark)").matches);
  document.documentElement.classList.toggle("dark", dark);
  window.dispatchEvent(new Event(CHANGE_EVENT));
}

const icons: Record<Theme, string> = {
  light:
    "M10 2a.75.75 0 0 1 .75.75v1.5a.75.75 0 0 1-1.5 0v-1.5A.75.75 0 0 1 10 2Zm0 13a.75.75 0 0 1 .75.75v1.5a.75.75 0 0 1-1.5 0v-1.5A.75.75 0 0 1 10 15Zm0-8a3 3 0 1 0 0 6 3 3 0 0 0 0-6Zm5.66-2.66a.75.75 0 0 1 0 1.06l-1.06 1.06a.75.75 0 1 1-1.06-1.06l1.06-1.06a.75.75 0 0 1 1.06 0Zm-9.2 9.2a.75.75 0 0 1 0 1.06L5.4 15.66a.75.75 0 0 1-1.06-1.06l1.06-1.06a.75.75 0 0 1 1.06 0ZM18 10a.75.75 0 0 1-.75.75h-1.5a.75.75 0 0 1 0-1.5h1.5A.75.75 0 0 1 18 10ZM5 10a.75.75 0 0 1-.75.75h-1.5a.75.75 0 0 1 0-1.5h1.5A.75.75 0 0 1 5 10Zm10.66 5.66a.75.75 0 0 1-1.06 0l-1.06-1.06a.75.75 0 0 1 1.06-1.06l1.06 1.06a.75.75 0 0 1 0 1.06Zm-9.2-9.2a.75.75 0 0 1-1.06 0L4.34 5.4A.75.75 0 0 1 5.4 4.34l1.06 1.06a.75.75 0 0 1 0 1.06Z",
  dark: "M7.46 2.6a.75.75 0 0 1 .1.8 6 6 0 0 0 8.04 8.04.75.75 0 0 1 .99.99A7.5 7.5 0 1 1 6.66 2.5a.75.75 0 0 1 .8.1Z",
  system:
    "M2 4.25A2.25 2.25 0 0 1 4.25 2h11.5A2.25 2.25 0 0 1 18 4.25v8.5A2.25 2.25 0 0 1 15.75 15h-3.1l.35 1.5h.75a.75.75 0 0 1 0 1.5h-7.5a.75.75 0 0 1 0-1.5H7l.35-1.5h-3.1A2.25 2.25 0 0 1 2 12.75v-8.5Zm1.5 0v7.5h13v-7.5a.75.75 0 0 0-.75-.75H4.25a.75.75 0 0 0-.75.75Z",
};

export type ThemeToggleProps = { className?: string };

/** Cycles light → dark → system. Needs `themeScript` in <head> to avoid a flash on load. */
export function ThemeToggle({ className }: ThemeToggleProps) {
  // null on the server and during hydration: the stored choice is unknowable there.
  const theme = useSyncExternalStore<Theme | null>(subscribe, readTheme, () => null);
  const current = theme ?? "system";
  const next = order[(order.indexOf(current) + 1) % order.length];
  const label = `Theme: ${names[current]}. Switch to ${names[next].toLowerCase()} theme`;

  return (
    <button
      type="button"
      onClick={() => setTheme(next)}
      disabled={theme === null}
      aria-label={label}
      title={label}
      className={cn(
        "inline-flex size-9 cursor-pointer items-center justify-center rounded-md text-zinc-600 transition-colors hover:bg-zinc-100 hover:text-zinc-900",
        "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500 disabled:cursor-default",
        "dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100",
        className,
      )}
    >
      <svg viewBox="0 0 20 20" fill="currentColor" aria-hidden="true" className="size-5">
        <path fillRule="evenodd" clipRule="evenodd" d={icons[current]} />
      </svg>
    </button>
  );
}
