-- CreateTable
CREATE TABLE "DirectoryVersion" (
    "id" INTEGER NOT NULL PRIMARY KEY,
    "version" INTEGER NOT NULL
);

-- Hand-written: every change to the directory's rows raises the version, whatever wrote them, so a
-- server's copy of the directory is read again after it and only after it (institutions.server.ts).
CREATE TRIGGER "DirectoryVersion_institution_insert" AFTER INSERT ON "Institution"
BEGIN
    INSERT INTO "DirectoryVersion" ("id", "version") VALUES (1, 1) ON CONFLICT ("id") DO UPDATE SET "version" = "version" + 1;
END;
CREATE TRIGGER "DirectoryVersion_institution_update" AFTER UPDATE ON "Institution"
BEGIN
    INSERT INTO "DirectoryVersion" ("id", "version") VALUES (1, 1) ON CONFLICT ("id") DO UPDATE SET "version" = "version" + 1;
END;
CREATE TRIGGER "DirectoryVersion_institution_delete" AFTER DELETE ON "Institution"
BEGIN
    INSERT INTO "DirectoryVersion" ("id", "version") VALUES (1, 1) ON CONFLICT ("id") DO UPDATE SET "version" = "version" + 1;
END;
CREATE TRIGGER "DirectoryVersion_alias_insert" AFTER INSERT ON "InstitutionAlias"
BEGIN
    INSERT INTO "DirectoryVersion" ("id", "version") VALUES (1, 1) ON CONFLICT ("id") DO UPDATE SET "version" = "version" + 1;
END;
CREATE TRIGGER "DirectoryVersion_alias_update" AFTER UPDATE ON "InstitutionAlias"
BEGIN
    INSERT INTO "DirectoryVersion" ("id", "version") VALUES (1, 1) ON CONFLICT ("id") DO UPDATE SET "version" = "version" + 1;
END;
CREATE TRIGGER "DirectoryVersion_alias_delete" AFTER DELETE ON "InstitutionAlias"
BEGIN
    INSERT INTO "DirectoryVersion" ("id", "version") VALUES (1, 1) ON CONFLICT ("id") DO UPDATE SET "version" = "version" + 1;
END;
