CREATE TABLE "credit_records" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "credit_records_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"credit_code" text NOT NULL,
	"kind" text NOT NULL,
	"date" date NOT NULL,
	"natural_key" text NOT NULL,
	"source" text NOT NULL,
	"legal_basis" text,
	"data" jsonb NOT NULL,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "credit_records_natural_key" UNIQUE("credit_code","kind","natural_key")
);
--> statement-breakpoint
CREATE TABLE "person_hash_keys" (
	"id" smallint PRIMARY KEY NOT NULL,
	"key" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "person_hash_keys_single_row" CHECK ("person_hash_keys"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE "related_parties" (
	"person_hash" text NOT NULL,
	"credit_code" text NOT NULL,
	"role" text NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date,
	"source" text NOT NULL,
	"legal_basis" text,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "related_parties_credit_code_person_hash_role_start_date_pk" PRIMARY KEY("credit_code","person_hash","role","start_date"),
	CONSTRAINT "related_parties_hash_is_hex" CHECK ("related_parties"."person_hash" ~ '^[0-9a-f]{64}$')
);
--> statement-breakpoint
ALTER TABLE "evaluation_runs" ADD COLUMN "evaluated" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "evaluation_runs" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "evaluation_runs" ADD COLUMN "error" text;--> statement-breakpoint
CREATE INDEX "credit_records_code_date_idx" ON "credit_records" USING btree ("credit_code","date");--> statement-breakpoint
CREATE INDEX "credit_records_kind_date_idx" ON "credit_records" USING btree ("kind","date");--> statement-breakpoint
CREATE INDEX "related_parties_person_idx" ON "related_parties" USING btree ("person_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "evaluation_runs_as_of_model_key" ON "evaluation_runs" USING btree ("as_of","model_key");