CREATE TABLE "enterprise_import_staging" (
	"import_id" text NOT NULL,
	"line" integer NOT NULL,
	"credit_code" text NOT NULL,
	"name" text NOT NULL,
	"region_code" text NOT NULL,
	"industry_code" text NOT NULL,
	"registration_date" date NOT NULL,
	"entity_type" text NOT NULL,
	"status" text NOT NULL,
	"flags" text[] NOT NULL,
	CONSTRAINT "enterprise_import_staging_import_id_line_pk" PRIMARY KEY("import_id","line")
);
