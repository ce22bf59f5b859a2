import { engine } from "./engine.server";

/**
 * On PostgreSQL the app may run as several instances, each with a DATA_DIR of its own: a secret
 * generated into DATA_DIR (as SQLite's one server does on a fresh machine) would differ between
 * them. A cookie signed by one would be refused by the next, so the server does not start without
 * SESSION_SECRET; the keys' files at least get a warning, since an instance that generated its own
 * is refused at its first audited change (audit chain) or cannot open another's sealed contacts.
 */
export function checkSharedSecrets(environment: NodeJS.ProcessEnv = process.env) {
  if (engine() !== "postgres") return;
  if (!environment.SESSION_SECRET)
    throw new Error("SESSION_SECRET is not set: on PostgreSQL every instance must sign cookies with the same secret, from the environment");
  for (const name of ["AUDIT_SIGNING_KEY", "DATA_ENCRYPTION_KEY"]) {
    if (!environment[name]) console.warn(`${name} is not set: with more than one instance on this database, set the same one in each instance's environment`);
  }
}
