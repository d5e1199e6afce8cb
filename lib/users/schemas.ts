import "server-only";
import { z } from "zod";

export const EmailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email("Enter a valid email address.").max(254));

export const PasswordSchema = z
  .string()
  .min(8, "Use at least 8 characters.")
  .max(200, "Use at most 200 characters.");

export const SignUpInput = z.object({
  email: EmailSchema,
  name: z.string().trim().min(1, "Enter your name.").max(100),
  password: PasswordSchema,
});
export type SignUpInput = z.input<typeof SignUpInput>;

export const SignInInput = z.object({
  email: EmailSchema,
  password: z.string().min(1, "Enter your password.").max(200),
});
