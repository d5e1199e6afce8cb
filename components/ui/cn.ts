import { clsx, type ClassValue } from "clsx";

// No tailwind-merge here to keep the dependency list short: when a caller's
// className must beat a built-in utility, use Tailwind's important suffix (`p-0!`).
export function cn(...classes: ClassValue[]): string {
  return clsx(classes);
}
