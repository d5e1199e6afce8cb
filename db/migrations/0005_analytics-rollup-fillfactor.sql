-- Day and hour roll-up rows are updated by every batch that adds to their bucket; room on each page lets those updates stay on the page (HOT) instead of leaving a dead copy of the row behind every time.
ALTER TABLE "usage_rollups_day_api" SET (fillfactor = 50);--> statement-breakpoint
ALTER TABLE "usage_rollups_day_application" SET (fillfactor = 50);--> statement-breakpoint
ALTER TABLE "usage_rollups_day_resource" SET (fillfactor = 50);--> statement-breakpoint
ALTER TABLE "usage_rollups_hour_api" SET (fillfactor = 80);--> statement-breakpoint
ALTER TABLE "usage_rollups_hour_application" SET (fillfactor = 80);--> statement-breakpoint
ALTER TABLE "usage_rollups_hour_resource" SET (fillfactor = 80);--> statement-breakpoint
ALTER TABLE "usage_error_rollups_day" SET (fillfactor = 50);--> statement-breakpoint
ALTER TABLE "usage_error_rollups_hour" SET (fillfactor = 80);
