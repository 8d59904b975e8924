CREATE TABLE "self_inspection_reports" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "self_inspection_reports_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"task_code" text NOT NULL,
	"credit_code" text NOT NULL,
	"version" integer NOT NULL,
	"findings" jsonb NOT NULL,
	"commitment_version" text NOT NULL,
	"content_hash" text NOT NULL,
	"submitted_at" text NOT NULL,
	"status" text DEFAULT 'submitted' NOT NULL,
	"reviewed_by" text,
	"reviewed_at" timestamp with time zone,
	"return_reason" text,
	CONSTRAINT "self_inspection_reports_version" UNIQUE("task_code","credit_code","version"),
	CONSTRAINT "self_inspection_reports_status_known" CHECK ("self_inspection_reports"."status" in ('submitted', 'accepted', 'returned')),
	CONSTRAINT "self_inspection_reports_reviewed" CHECK (("self_inspection_reports"."status" = 'submitted') = ("self_inspection_reports"."reviewed_by" is null) and ("self_inspection_reports"."reviewed_by" is null) = ("self_inspection_reports"."reviewed_at" is null)),
	CONSTRAINT "self_inspection_reports_return_reason" CHECK (("self_inspection_reports"."status" = 'returned') = ("self_inspection_reports"."return_reason" is not null))
);
--> statement-breakpoint
ALTER TABLE "inspection_tasks" ADD COLUMN "mode" text DEFAULT 'on_site' NOT NULL;--> statement-breakpoint
ALTER TABLE "inspection_tasks" ADD COLUMN "report_due" date;--> statement-breakpoint
ALTER TABLE "self_inspection_reports" ADD CONSTRAINT "self_inspection_reports_task_code_inspection_tasks_code_fk" FOREIGN KEY ("task_code") REFERENCES "public"."inspection_tasks"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "self_inspection_reports_accepted_idx" ON "self_inspection_reports" USING btree ("task_code") WHERE "self_inspection_reports"."status" = 'accepted';--> statement-breakpoint
ALTER TABLE "inspection_tasks" ADD CONSTRAINT "inspection_tasks_mode_known" CHECK ("inspection_tasks"."mode" in ('on_site', 'self_inspection'));--> statement-breakpoint
ALTER TABLE "inspection_tasks" ADD CONSTRAINT "inspection_tasks_report_due" CHECK ("inspection_tasks"."mode" = 'on_site' or "inspection_tasks"."report_due" is not null);