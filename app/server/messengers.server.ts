import fs from "node:fs";
import path from "node:path";
import { createTransport } from "nodemailer";
import { dataDir } from "./paths.server";

/**
 * How a message leaves: e-mail through SMTP_URL (nodemailer), or, without it, as an .eml file in
 * DATA_DIR/outbox/ for the operator to see what would have gone; texts through SMS_WEBHOOK_URL,
 * an HTTP hook in front of the deployment's SMS gateway. Each throws when the message did not go,
 * so the outbox tries again later.
 */

export type Outgoing = { id: number; channel: string; recipient: string; subject: string; body: string };

const mailFrom = () => process.env.MAIL_FROM || "Collection Watch <no-reply@localhost>";

let smtp: ReturnType<typeof createTransport> | null = null;
function smtpTransport() {
  smtp ??= createTransport(process.env.SMTP_URL);
  return smtp;
}

const fileTransport = createTransport({ streamTransport: true, buffer: true, newline: "unix" });

async function sendMail(message: Outgoing) {
  const mail = { from: mailFrom(), to: message.recipient, subject: message.subject, text: message.body };
  if (process.env.SMTP_URL) {
    await smtpTransport().sendMail(mail);
    return;
  }
  const { message: eml } = await fileTransport.sendMail(mail);
  const dir = path.join(dataDir(), "outbox");
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${message.id}.eml`), eml as Buffer);
}

async function sendText(message: Outgoing) {
  const hook = process.env.SMS_WEBHOOK_URL;
  if (!hook) throw new Error("SMS_WEBHOOK_URL is not set");
  const response = await fetch(hook, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ to: message.recipient, text: message.body }),
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`SMS hook answered ${response.status}`);
}

export function send(message: Outgoing): Promise<void> {
  return message.channel === "sms" ? sendText(message) : sendMail(message);
}

/** Whether texts can be sent at all: without a hook none are written to the outbox. */
export function textsConfigured(): boolean {
  return !!process.env.SMS_WEBHOOK_URL;
}
