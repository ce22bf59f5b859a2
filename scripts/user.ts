// npm run user -- create --email E --role regulator|bank|analyst|admin [--institution ID_OR_NAME] --password-stdin
// npm run user -- disable --email E   (ends the user's sessions at once)
// npm run user -- enable --email E
import { parseArgs } from "node:util";
import { createUser, setDisabled } from "~/server/users.server";

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
}

async function main() {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { email: { type: "string" }, role: { type: "string" }, institution: { type: "string" }, "password-stdin": { type: "boolean" } },
  });
  const [command] = positionals;
  if (!values.email) throw new Error("--email is required");
  if (command === "create") {
    // Never from an argument: arguments end up in shell history and `ps`.
    if (!values["password-stdin"]) throw new Error("give the password on standard input with --password-stdin");
    const password = await readStdin();
    const user = await createUser({ email: values.email, password, role: values.role as never, institution: values.institution });
    console.log(`created ${user.role} ${user.email}${user.institutionId ? ` for ${user.institutionId}` : ""}`);
  } else if (command === "disable" || command === "enable") {
    const user = await setDisabled(values.email, command === "disable");
    console.log(`${command}d ${user.email}`);
  } else {
    throw new Error("usage: user create|disable|enable --email E [--role R] [--institution I] [--password-stdin]");
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    const issues = (error as { issues?: { path: PropertyKey[]; message: string }[] }).issues;
    console.error(issues ? issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("\n") : (error as Error).message);
    process.exit(1);
  },
);
