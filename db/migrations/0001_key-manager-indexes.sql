ALTER TABLE "refresh_tokens" ADD COLUMN "access_token_expires_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "api_scopes_key_idx" ON "api_scopes" USING btree ("key");--> statement-breakpoint
CREATE INDEX "refresh_tokens_expires_idx" ON "refresh_tokens" USING btree ("expires_at");