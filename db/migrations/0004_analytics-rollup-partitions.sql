-- Roll-ups partitioned by granularity (and usage_rollups by slice within it), so that the rows a dashboard reads lie together on disk instead of one in every few pages among the minute rows; key text compared byte by byte (collation "C"), which keeps the wide primary keys cheap to maintain.
ALTER TABLE "usage_rollups" RENAME TO "usage_rollups_unpartitioned";--> statement-breakpoint
ALTER TABLE "usage_rollups_unpartitioned" RENAME CONSTRAINT "usage_rollups_granularity_slice_bucket_api_id_api_version_resource_method_application_id_status_class_pk" TO "usage_rollups_unpartitioned_pk";--> statement-breakpoint
DROP INDEX "usage_rollups_application_idx";--> statement-breakpoint
CREATE TABLE "usage_rollups" (
	"granularity" "rollup_granularity" NOT NULL,
	"slice" "rollup_slice" NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"api_id" uuid NOT NULL,
	"api_version" text COLLATE "C" DEFAULT '' NOT NULL,
	"resource" text COLLATE "C" DEFAULT '' NOT NULL,
	"method" text COLLATE "C" DEFAULT '' NOT NULL,
	"application_id" text COLLATE "C" DEFAULT '' NOT NULL,
	"status_class" smallint NOT NULL,
	"calls" bigint DEFAULT 0 NOT NULL,
	"throttled" bigint DEFAULT 0 NOT NULL,
	"latency_sum_ms" double precision DEFAULT 0 NOT NULL,
	"backend_latency_sum_ms" double precision DEFAULT 0 NOT NULL,
	"latency_histogram" bigint[] DEFAULT '{}'::bigint[] NOT NULL,
	"backend_latency_histogram" bigint[] DEFAULT '{}'::bigint[] NOT NULL,
	"bytes_out" bigint DEFAULT 0 NOT NULL,
	"last_call_at" timestamp with time zone,
	CONSTRAINT "usage_rollups_granularity_slice_bucket_api_id_api_version_resource_method_application_id_status_class_pk" PRIMARY KEY("granularity","slice","bucket","api_id","api_version","resource","method","application_id","status_class")
) PARTITION BY LIST ("granularity");--> statement-breakpoint
CREATE TABLE "usage_rollups_minute" PARTITION OF "usage_rollups" FOR VALUES IN ('minute') PARTITION BY LIST ("slice");--> statement-breakpoint
CREATE TABLE "usage_rollups_minute_api" PARTITION OF "usage_rollups_minute" FOR VALUES IN ('api');--> statement-breakpoint
CREATE TABLE "usage_rollups_minute_application" PARTITION OF "usage_rollups_minute" FOR VALUES IN ('application');--> statement-breakpoint
CREATE TABLE "usage_rollups_minute_resource" PARTITION OF "usage_rollups_minute" FOR VALUES IN ('resource');--> statement-breakpoint
CREATE TABLE "usage_rollups_hour" PARTITION OF "usage_rollups" FOR VALUES IN ('hour') PARTITION BY LIST ("slice");--> statement-breakpoint
CREATE TABLE "usage_rollups_hour_api" PARTITION OF "usage_rollups_hour" FOR VALUES IN ('api');--> statement-breakpoint
CREATE TABLE "usage_rollups_hour_application" PARTITION OF "usage_rollups_hour" FOR VALUES IN ('application');--> statement-breakpoint
CREATE TABLE "usage_rollups_hour_resource" PARTITION OF "usage_rollups_hour" FOR VALUES IN ('resource');--> statement-breakpoint
CREATE TABLE "usage_rollups_day" PARTITION OF "usage_rollups" FOR VALUES IN ('day') PARTITION BY LIST ("slice");--> statement-breakpoint
CREATE TABLE "usage_rollups_day_api" PARTITION OF "usage_rollups_day" FOR VALUES IN ('api');--> statement-breakpoint
CREATE TABLE "usage_rollups_day_application" PARTITION OF "usage_rollups_day" FOR VALUES IN ('application');--> statement-breakpoint
CREATE TABLE "usage_rollups_day_resource" PARTITION OF "usage_rollups_day" FOR VALUES IN ('resource');--> statement-breakpoint
CREATE INDEX "usage_rollups_application_idx" ON "usage_rollups" USING btree ("application_id","granularity","bucket") WHERE "usage_rollups"."slice" = 'application';--> statement-breakpoint
INSERT INTO "usage_rollups" SELECT "granularity", "slice", "bucket", "api_id", "api_version", "resource", "method", "application_id", "status_class", "calls", "throttled", "latency_sum_ms", "backend_latency_sum_ms", "latency_histogram", "backend_latency_histogram", "bytes_out", "last_call_at" FROM "usage_rollups_unpartitioned";--> statement-breakpoint
DROP TABLE "usage_rollups_unpartitioned";--> statement-breakpoint
ALTER TABLE "usage_error_rollups" RENAME TO "usage_error_rollups_unpartitioned";--> statement-breakpoint
ALTER TABLE "usage_error_rollups_unpartitioned" RENAME CONSTRAINT "usage_error_rollups_granularity_bucket_api_id_application_id_status_error_code_pk" TO "usage_error_rollups_unpartitioned_pk";--> statement-breakpoint
CREATE TABLE "usage_error_rollups" (
	"granularity" "rollup_granularity" NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"api_id" uuid NOT NULL,
	"application_id" text COLLATE "C" DEFAULT '' NOT NULL,
	"status" smallint NOT NULL,
	"error_code" text COLLATE "C" DEFAULT '' NOT NULL,
	"calls" bigint DEFAULT 0 NOT NULL,
	"last_call_at" timestamp with time zone,
	CONSTRAINT "usage_error_rollups_granularity_bucket_api_id_application_id_status_error_code_pk" PRIMARY KEY("granularity","bucket","api_id","application_id","status","error_code")
) PARTITION BY LIST ("granularity");--> statement-breakpoint
CREATE TABLE "usage_error_rollups_minute" PARTITION OF "usage_error_rollups" FOR VALUES IN ('minute');--> statement-breakpoint
CREATE TABLE "usage_error_rollups_hour" PARTITION OF "usage_error_rollups" FOR VALUES IN ('hour');--> statement-breakpoint
CREATE TABLE "usage_error_rollups_day" PARTITION OF "usage_error_rollups" FOR VALUES IN ('day');--> statement-breakpoint
INSERT INTO "usage_error_rollups" SELECT "granularity", "bucket", "api_id", "application_id", "status", "error_code", "calls", "last_call_at" FROM "usage_error_rollups_unpartitioned";--> statement-breakpoint
DROP TABLE "usage_error_rollups_unpartitioned";