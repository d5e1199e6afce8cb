CREATE TYPE "public"."rollup_slice" AS ENUM('api', 'application', 'resource');--> statement-breakpoint
DROP INDEX "usage_error_rollups_bucket_idx";--> statement-breakpoint
DROP INDEX "usage_rollups_bucket_idx";--> statement-breakpoint
ALTER TABLE "usage_rollups" DROP CONSTRAINT "usage_rollups_granularity_bucket_api_id_api_version_resource_method_application_id_status_class_pk";--> statement-breakpoint
ALTER TABLE "usage_rollups" ADD COLUMN "slice" "rollup_slice";--> statement-breakpoint
UPDATE "usage_rollups" SET "slice" = CASE WHEN "application_id" <> '*' THEN 'application' WHEN "resource" <> '*' THEN 'resource' ELSE 'api' END::"rollup_slice";--> statement-breakpoint
ALTER TABLE "usage_rollups" ALTER COLUMN "slice" SET NOT NULL;--> statement-breakpoint
CREATE FUNCTION pg_temp.portcullis_jsonb_to_bigints(j jsonb) RETURNS bigint[] LANGUAGE sql IMMUTABLE AS $$ SELECT coalesce(array_agg(e::bigint ORDER BY i), '{}') FROM jsonb_array_elements_text(j) WITH ORDINALITY AS t(e, i) $$;--> statement-breakpoint
ALTER TABLE "usage_rollups" ALTER COLUMN "latency_histogram" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "usage_rollups" ALTER COLUMN "latency_histogram" SET DATA TYPE bigint[] USING pg_temp.portcullis_jsonb_to_bigints("latency_histogram");--> statement-breakpoint
ALTER TABLE "usage_rollups" ALTER COLUMN "latency_histogram" SET DEFAULT '{}'::bigint[];--> statement-breakpoint
ALTER TABLE "usage_rollups" ALTER COLUMN "backend_latency_histogram" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "usage_rollups" ALTER COLUMN "backend_latency_histogram" SET DATA TYPE bigint[] USING pg_temp.portcullis_jsonb_to_bigints("backend_latency_histogram");--> statement-breakpoint
ALTER TABLE "usage_rollups" ALTER COLUMN "backend_latency_histogram" SET DEFAULT '{}'::bigint[];--> statement-breakpoint
ALTER TABLE "usage_rollups" ADD CONSTRAINT "usage_rollups_granularity_slice_bucket_api_id_api_version_resource_method_application_id_status_class_pk" PRIMARY KEY("granularity","slice","bucket","api_id","api_version","resource","method","application_id","status_class");--> statement-breakpoint
CREATE INDEX "usage_rollups_application_idx" ON "usage_rollups" USING btree ("application_id","granularity","bucket") WHERE "usage_rollups"."slice" = 'application';
