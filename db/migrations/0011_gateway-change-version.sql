CREATE TABLE "change_version" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"version" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
INSERT INTO "change_version" ("id", "version") VALUES (1, 0) ON CONFLICT DO NOTHING;
--> statement-breakpoint
-- Bumps the change version once per transaction, at its commit (a deferred trigger): the row is
-- locked only for the moment before the commit, so writers queue there briefly and cannot deadlock on it.
-- On every table the gateway snapshot reads (lib/gateway/snapshot/build.ts), for the columns it reads
-- where other columns change often; a new such table needs its own trigger. Purging expired
-- revocations changes nothing a gateway needs, so deleting from revoked_tokens does not bump.
CREATE FUNCTION "bump_change_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF current_setting('portcullis.change_version_bumped', true) IS DISTINCT FROM 'yes' THEN
		UPDATE "change_version" SET "version" = "version" + 1 WHERE "id" = 1;
		PERFORM set_config('portcullis.change_version_bumped', 'yes', true);
	END IF;
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "apis_change_version" AFTER INSERT OR UPDATE OR DELETE ON "apis" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bump_change_version"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "api_endpoints_change_version" AFTER INSERT OR UPDATE OR DELETE ON "api_endpoints" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bump_change_version"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "api_resources_change_version" AFTER INSERT OR UPDATE OR DELETE ON "api_resources" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bump_change_version"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "applications_change_version" AFTER INSERT OR UPDATE OR DELETE ON "applications" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bump_change_version"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "subscriptions_change_version" AFTER INSERT OR UPDATE OR DELETE ON "subscriptions" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bump_change_version"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "oauth_clients_change_version" AFTER INSERT OR DELETE OR UPDATE OF "client_id", "application_id", "key_type", "revoked_at" ON "oauth_clients" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bump_change_version"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "revoked_tokens_change_version" AFTER INSERT ON "revoked_tokens" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bump_change_version"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "throttling_policies_change_version" AFTER INSERT OR UPDATE OR DELETE ON "throttling_policies" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bump_change_version"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "blocking_conditions_change_version" AFTER INSERT OR UPDATE OR DELETE ON "blocking_conditions" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bump_change_version"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "users_change_version" AFTER INSERT OR DELETE OR UPDATE OF "email", "disabled" ON "users" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bump_change_version"();
