import { hash, verify } from "@node-rs/argon2";
import { z } from "zod";
import { ROLES } from "~/domain/permissions";
import { db } from "./db.server";

// argon2id with OWASP's minimum: 19 MiB, 2 passes.
const ARGON = { memoryCost: 19456, timeCost: 2, parallelism: 1 };

export const newUserSchema = z
  .object({
    email: z.email("error.email.invalid").transform((e) => e.toLowerCase()),
    password: z.string().min(12, "error.password.tooShort").max(200, "error.tooLong"),
    role: z.enum(ROLES, { error: "error.role.invalid" }),
    institution: z.string().trim().optional(),
  })
  .refine((u) => u.role !== "bank" || !!u.institution, { path: ["institution"], message: "error.institution.requiredForBank" });

/** Creates a user; a bank reviewer is bound to one institution, named by id or either name. */
export async function createUser(input: z.input<typeof newUserSchema>) {
  const user = newUserSchema.parse(input);
  let institutionId: string | null = null;
  if (user.role === "bank") {
    const wanted = user.institution!;
    const institution = await db.institution.findFirst({
      where: { OR: [{ id: wanted.toLowerCase() }, { nameZh: wanted }, { nameEn: wanted }] },
    });
    if (!institution) throw new Error(`no institution "${wanted}" in the directory`);
    institutionId = institution.id;
  }
  return db.user.create({
    data: { email: user.email, passwordHash: await hash(user.password, ARGON), role: user.role, institutionId },
  });
}

// Verifying against a real hash when the e-mail is unknown keeps the answer's timing the same.
const UNKNOWN_USER_HASH = hash("no such user, no such password", ARGON);

export async function verifyLogin(email: string, password: string) {
  const user = await db.user.findUnique({ where: { email: email.trim().toLowerCase() } });
  const ok = await verify(user?.passwordHash ?? (await UNKNOWN_USER_HASH), password);
  return ok && user && !user.disabled ? user : null;
}

export async function setDisabled(email: string, disabled: boolean) {
  const user = await db.user.update({ where: { email: email.toLowerCase() }, data: { disabled } });
  if (disabled) await db.userSession.deleteMany({ where: { userId: user.id } });
  return user;
}
