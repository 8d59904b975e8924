CREATE TABLE "inspector_substitutions" (
	"task_code" text NOT NULL,
	"number" integer NOT NULL,
	"credit_code" text NOT NULL,
	"leaving_badge" text NOT NULL,
	"replacement_badge" text NOT NULL,
	"envelope" text NOT NULL,
	"record_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inspector_substitutions_task_code_number_pk" PRIMARY KEY("task_code","number"),
	CONSTRAINT "inspector_substitutions_record_hash_unique" UNIQUE("record_hash"),
	CONSTRAINT "inspector_substitutions_number_positive" CHECK ("inspector_substitutions"."number" >= 1)
);
--> statement-breakpoint
CREATE TABLE "task_inspector_snapshots" (
	"task_code" text PRIMARY KEY NOT NULL,
	"snapshot" jsonb NOT NULL,
	"conflicts_opening" jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "log_leaves" DROP CONSTRAINT "log_leaves_kind_known";--> statement-breakpoint
ALTER TABLE "inspector_substitutions" ADD CONSTRAINT "inspector_substitutions_task_code_draw_records_task_code_fk" FOREIGN KEY ("task_code") REFERENCES "public"."draw_records"("task_code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_inspector_snapshots" ADD CONSTRAINT "task_inspector_snapshots_task_code_inspection_tasks_code_fk" FOREIGN KEY ("task_code") REFERENCES "public"."inspection_tasks"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "log_leaves" ADD CONSTRAINT "log_leaves_kind_known" CHECK ("log_leaves"."kind" in ('draw_commitment', 'draw_record', 'results_batch', 'list_edition', 'exit_notice', 'scoring_model', 'policy', 'inspector_substitution'));