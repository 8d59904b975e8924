CREATE TABLE "draw_selections" (
	"task_code" text NOT NULL,
	"credit_code" text NOT NULL,
	CONSTRAINT "draw_selections_task_code_credit_code_pk" PRIMARY KEY("task_code","credit_code")
);
--> statement-breakpoint
CREATE TABLE "task_pool_chunks" (
	"task_code" text NOT NULL,
	"chunk" integer NOT NULL,
	"first_code" text NOT NULL,
	"size" integer NOT NULL,
	"codes" text NOT NULL,
	"strata" jsonb NOT NULL,
	CONSTRAINT "task_pool_chunks_task_code_chunk_pk" PRIMARY KEY("task_code","chunk"),
	CONSTRAINT "task_pool_chunks_first_code" UNIQUE("task_code","first_code"),
	CONSTRAINT "task_pool_chunks_size_positive" CHECK ("task_pool_chunks"."size" >= 1)
);
--> statement-breakpoint
CREATE TABLE "task_pool_trees" (
	"task_code" text PRIMARY KEY NOT NULL,
	"size" integer NOT NULL,
	"chunk_roots" text NOT NULL,
	"seed" text,
	"strata" jsonb
);
--> statement-breakpoint
-- Issue 15, by hand after the generated tables: pools frozen before keep their members as chunks (salts
-- derive from the server secret, so they are not kept); their chunk hashes are stored at their draw.
-- Already drawn tasks keep their stored receipts in draw_receipts, served as stored.
INSERT INTO "task_pool_chunks" ("task_code", "chunk", "first_code", "size", "codes", "strata")
SELECT "task_code", "chunk", min("credit_code" COLLATE "C"), count(*), string_agg("credit_code", ',' ORDER BY "credit_code" COLLATE "C"), jsonb_agg("stratum" ORDER BY "credit_code" COLLATE "C")
FROM (SELECT "task_code", "credit_code", "stratum", (row_number() OVER (PARTITION BY "task_code" ORDER BY "credit_code" COLLATE "C") - 1) / 1024 AS "chunk" FROM "task_pool_members") AS "members"
GROUP BY "task_code", "chunk";--> statement-breakpoint
INSERT INTO "draw_selections" ("task_code", "credit_code") SELECT "task_code", "credit_code" FROM "draw_receipts" WHERE "selected";--> statement-breakpoint
DROP TABLE "task_pool_members" CASCADE;--> statement-breakpoint
ALTER TABLE "draw_selections" ADD CONSTRAINT "draw_selections_task_code_draw_records_task_code_fk" FOREIGN KEY ("task_code") REFERENCES "public"."draw_records"("task_code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_pool_chunks" ADD CONSTRAINT "task_pool_chunks_task_code_inspection_tasks_code_fk" FOREIGN KEY ("task_code") REFERENCES "public"."inspection_tasks"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_pool_trees" ADD CONSTRAINT "task_pool_trees_task_code_inspection_tasks_code_fk" FOREIGN KEY ("task_code") REFERENCES "public"."inspection_tasks"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "draw_selections_credit_code_idx" ON "draw_selections" USING btree ("credit_code");