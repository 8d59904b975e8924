CREATE TABLE "evaluation_runs" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "evaluation_runs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"as_of" date NOT NULL,
	"model_key" text NOT NULL,
	"status" text NOT NULL,
	"counts" jsonb,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"duration_ms" integer
);
--> statement-breakpoint
CREATE TABLE "evaluations" (
	"run_id" integer NOT NULL,
	"credit_code" text NOT NULL,
	"score" numeric(5, 2) NOT NULL,
	"tier" text NOT NULL,
	"observation" boolean NOT NULL,
	"explanation" jsonb NOT NULL,
	CONSTRAINT "evaluations_run_id_credit_code_pk" PRIMARY KEY("run_id","credit_code")
);
--> statement-breakpoint
CREATE TABLE "scoring_models" (
	"id" text NOT NULL,
	"version" integer NOT NULL,
	"definition" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "scoring_models_id_version_pk" PRIMARY KEY("id","version")
);
--> statement-breakpoint
ALTER TABLE "evaluations" ADD CONSTRAINT "evaluations_run_id_evaluation_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."evaluation_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "evaluations_run_tier_idx" ON "evaluations" USING btree ("run_id","tier");