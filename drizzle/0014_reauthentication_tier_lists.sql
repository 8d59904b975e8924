CREATE TABLE "tier_lists" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "tier_lists_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"year" integer NOT NULL,
	"version" integer NOT NULL,
	"evaluation_run_id" integer NOT NULL,
	"as_of" date NOT NULL,
	"approved_by" text NOT NULL,
	"approved_by_role" text NOT NULL,
	"approved_at" timestamp with time zone NOT NULL,
	"reason" text,
	"counts" jsonb NOT NULL,
	"policies" jsonb NOT NULL,
	CONSTRAINT "tier_lists_year_version" UNIQUE("year","version"),
	CONSTRAINT "tier_lists_version_positive" CHECK ("tier_lists"."version" >= 1),
	CONSTRAINT "tier_lists_reason_after_first" CHECK ("tier_lists"."version" = 1 or coalesce(btrim("tier_lists"."reason"), '') <> '')
);
--> statement-breakpoint
ALTER TABLE "inspection_tasks" ADD COLUMN "tier_list_version" integer;--> statement-breakpoint
ALTER TABLE "inspection_tasks" ADD COLUMN "tier_list_override_reason" text;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "reauthenticated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tier_lists" ADD CONSTRAINT "tier_lists_evaluation_run_id_evaluation_runs_id_fk" FOREIGN KEY ("evaluation_run_id") REFERENCES "public"."evaluation_runs"("id") ON DELETE no action ON UPDATE no action;