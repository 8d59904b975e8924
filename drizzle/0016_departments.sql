CREATE TABLE "departments" (
	"code" text PRIMARY KEY NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "departments_name_zh" UNIQUE("name_zh")
);
--> statement-breakpoint
CREATE TABLE "task_test_results" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "task_test_results_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"task_code" text NOT NULL,
	"credit_code" text NOT NULL,
	"sample" text NOT NULL,
	"laboratory" text NOT NULL,
	"report_number" text NOT NULL,
	"conclusion" text NOT NULL,
	"tested_on" date NOT NULL,
	"entered_by_department" text,
	"entered_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "task_test_results_report" UNIQUE("task_code","credit_code","report_number"),
	CONSTRAINT "task_test_results_conclusion_known" CHECK ("task_test_results"."conclusion" in ('qualified', 'unqualified'))
);
--> statement-breakpoint
ALTER TABLE "inspection_results" ADD COLUMN "department" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "department" text;--> statement-breakpoint
ALTER TABLE "task_test_results" ADD CONSTRAINT "task_test_results_task_code_inspection_tasks_code_fk" FOREIGN KEY ("task_code") REFERENCES "public"."inspection_tasks"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "task_test_results_task_idx" ON "task_test_results" USING btree ("task_code","credit_code");--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_department_departments_code_fk" FOREIGN KEY ("department") REFERENCES "public"."departments"("code") ON DELETE no action ON UPDATE no action;