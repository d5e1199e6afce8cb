import "server-only";
import { z } from "zod";
import { ValiditySeconds } from "@/lib/keys/validity";

const Id = (what: string) => z.uuid(`Not a valid ${what} id.`);

export const ApiIdInput = z.object({ apiId: Id("API") });

export const CATALOGUE_SORTS = ["newest", "rating", "usage"] as const;
export type CatalogueSort = (typeof CATALOGUE_SORTS)[number];

export const CatalogueQuery = z.object({
  /** Free text matches the name; `tag:foo` a tag; `creator:someone@example.com` the creator's email. */
  query: z.string().trim().max(200).optional(),
  tag: z.string().trim().max(100).optional(),
  sort: z.enum(CATALOGUE_SORTS).catch("newest").default("newest"),
});

/** Form fields arrive as strings; a blank optional field means "not given". */
const blank = (value: unknown) => (value === "" || value === null ? undefined : value);
const Seconds = z.preprocess((v) => (typeof v === "string" && v.trim() !== "" ? Number(v) : blank(v)), ValiditySeconds);

const ApplicationFields = {
  name: z
    .string("Enter a name.")
    .trim()
    .min(1, "Enter a name.")
    .max(70, "Use at most 70 characters.")
    .regex(/^[^<>"]+$/, "Names cannot contain <, > or \"."),
  description: z.string().trim().max(1000, "Use at most 1000 characters."),
  throttlingTier: z.string().trim().min(1, "Choose a tier.").max(100),
  tokenValiditySeconds: Seconds,
};

export const CreateApplicationInput = z.object({
  name: ApplicationFields.name,
  description: z.preprocess(blank, ApplicationFields.description.default("")),
  throttlingTier: z.preprocess(blank, ApplicationFields.throttlingTier.default("Unlimited")),
  tokenValiditySeconds: z.preprocess(blank, ApplicationFields.tokenValiditySeconds.optional()),
});

export const UpdateApplicationInput = z.object({
  applicationId: Id("application"),
  name: z.preprocess(blank, ApplicationFields.name.optional()),
  description: ApplicationFields.description.optional(),
  throttlingTier: z.preprocess(blank, ApplicationFields.throttlingTier.optional()),
  tokenValiditySeconds: z.preprocess(blank, ApplicationFields.tokenValiditySeconds.optional()),
});

const Flag = z.preprocess((v) => v === true || v === "true" || v === "1" || v === "on", z.boolean());

export const DeleteApplicationInput = z.object({
  applicationId: Id("application"),
  /** Unsubscribe everything first; without it an application with subscriptions is not deleted. */
  cascade: Flag.default(false),
});

export const ApplicationIdInput = z.object({ applicationId: Id("application") });

export const SubscribeInput = z.object({
  applicationId: Id("application"),
  apiId: Id("API"),
  throttlingTier: z.string("Choose a tier.").trim().min(1, "Choose a tier.").max(100),
});

export const SubscriptionIdInput = z.object({ subscriptionId: Id("subscription") });

export const ListSubscriptionsInput = z
  .object({ applicationId: z.preprocess(blank, Id("application").optional()), apiId: z.preprocess(blank, Id("API").optional()) })
  .refine((v) => v.applicationId || v.apiId, { message: "Give an applicationId or an apiId.", path: ["applicationId"] });

export const RateInput = z.object({
  apiId: Id("API"),
  rating: z.coerce
    .number("Rate from 1 to 5.")
    .int("Rate with a whole number from 1 to 5.")
    .min(1, "Rate from 1 to 5.")
    .max(5, "Rate from 1 to 5."),
});

export const MAX_COMMENT_CHARS = 5000;

export const AddCommentInput = z.object({
  apiId: Id("API"),
  content: z.string("Write a comment.").trim().min(1, "Write a comment.").max(MAX_COMMENT_CHARS, `Keep comments under ${MAX_COMMENT_CHARS} characters.`),
});

export const CommentIdInput = z.object({ apiId: Id("API"), commentId: Id("comment") });

export const DocumentIdInput = z.object({ apiId: Id("API"), documentId: Id("document") });

export const DefinitionInput = z.object({ apiId: Id("API"), format: z.enum(["json", "yaml"]).catch("json").default("json") });
