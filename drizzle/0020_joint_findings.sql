ALTER TABLE "inspection_results" DROP CONSTRAINT "inspection_results_task_code_credit_code_item_code_pk";--> statement-breakpoint
ALTER TABLE "inspection_results" ALTER COLUMN "department" SET DEFAULT '';--> statement-breakpoint
-- Added to the generated statements: results entered before the key had a department are nobody's in particular.
UPDATE "inspection_results" SET "department" = '' WHERE "department" IS NULL;--> statement-breakpoint
ALTER TABLE "inspection_results" ALTER COLUMN "department" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "inspection_results" ADD CONSTRAINT "inspection_results_task_code_credit_code_item_code_department_pk" PRIMARY KEY("task_code","credit_code","item_code","department");--> statement-breakpoint
ALTER TABLE "result_corrections" ADD COLUMN "department" text DEFAULT '' NOT NULL;