-- CreateTable
CREATE TABLE "DirectoryVersion" (
    "id" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,

    CONSTRAINT "DirectoryVersion_pkey" PRIMARY KEY ("id")
);

-- Hand-written, as SQLite's 20261130000000_directory_version: the same triggers by name, raised
-- once per statement (PostgreSQL has statement triggers; SQLite raises it once per row).
CREATE FUNCTION "DirectoryVersion_raise"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO "DirectoryVersion" ("id", "version") VALUES (1, 1)
        ON CONFLICT ("id") DO UPDATE SET "version" = "DirectoryVersion"."version" + 1;
    RETURN NULL;
END;
$$;

CREATE TRIGGER "DirectoryVersion_institution_insert" AFTER INSERT ON "Institution"
    FOR EACH STATEMENT EXECUTE FUNCTION "DirectoryVersion_raise"();
CREATE TRIGGER "DirectoryVersion_institution_update" AFTER UPDATE ON "Institution"
    FOR EACH STATEMENT EXECUTE FUNCTION "DirectoryVersion_raise"();
CREATE TRIGGER "DirectoryVersion_institution_delete" AFTER DELETE ON "Institution"
    FOR EACH STATEMENT EXECUTE FUNCTION "DirectoryVersion_raise"();
CREATE TRIGGER "DirectoryVersion_alias_insert" AFTER INSERT ON "InstitutionAlias"
    FOR EACH STATEMENT EXECUTE FUNCTION "DirectoryVersion_raise"();
CREATE TRIGGER "DirectoryVersion_alias_update" AFTER UPDATE ON "InstitutionAlias"
    FOR EACH STATEMENT EXECUTE FUNCTION "DirectoryVersion_raise"();
CREATE TRIGGER "DirectoryVersion_alias_delete" AFTER DELETE ON "InstitutionAlias"
    FOR EACH STATEMENT EXECUTE FUNCTION "DirectoryVersion_raise"();
