CREATE TABLE "usage_error_rollups" (
	"granularity" "rollup_granularity" NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"api_id" uuid NOT NULL,
	"application_id" text DEFAULT '' NOT NULL,
	"status" smallint NOT NULL,
	"error_code" text DEFAULT '' NOT NULL,
	"calls" bigint DEFAULT 0 NOT NULL,
	"last_call_at" timestamp with time zone,
	CONSTRAINT "usage_error_rollups_granularity_bucket_api_id_application_id_status_error_code_pk" PRIMARY KEY("granularity","bucket","api_id","application_id","status","error_code")
);
--> statement-breakpoint
CREATE INDEX "usage_error_rollups_bucket_idx" ON "usage_error_rollups" USING btree ("granularity","bucket");