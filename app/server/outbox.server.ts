import type { Prisma } from "@prisma/client";
import { isLocale, type Locale } from "~/i18n/catalogue";
import { i18nFor } from "~/i18n/i18n";
import { formatLastDay } from "~/domain/format";
import { noticesFor, type NoticeAudience, type NoticeKind } from "~/domain/notifications";
import { db } from "./db.server";
import { send, textsConfigured } from "./messengers.server";
import { open, seal } from "./personal-data.server";

/**
 * The outbox: notices are written in the transaction of the event they tell of, and sent after it
 * commits, with retries (OUTBOX_RETRY_SECONDS, doubling, at most six hours apart) until the mail
 * server takes them. A message never carries an access key; the recipient's address is sealed
 * while the message waits and erased once it is sent.
 */

type Recipient = { channel: "email" | "sms"; address: string; locale: Locale; reviewer: boolean };

export type NoticeContext = {
  complaintId: number;
  code: string;
  locale: string;
  consumerEmail: string | null; // sealed
  consumerPhone: string | null; // sealed
  institutionId: string | null;
  /** The creditor's name in Chinese and in English (the typed name when it is not in the directory). */
  creditor: { zh: string; en: string };
  /** The date the notice names (the new deadline), as the consumer reads it. */
  dueAt: Date;
  /** The end of the consumer's time to answer a request for information, when one is open. */
  infoDueAt: Date | null;
  message: string | null;
};

/** The complaint's columns a notice reads: select them with NOTICE_COLUMNS, then pass the row to noticeContextOf. */
export const NOTICE_COLUMNS = {
  id: true,
  code: true,
  locale: true,
  consumerEmail: true,
  consumerPhone: true,
  institutionId: true,
  institutionName: true,
  dueAt: true,
  infoDueAt: true,
  institution: { select: { nameZh: true, nameEn: true } },
} as const satisfies Prisma.ComplaintSelect;

type NoticeRow = Prisma.ComplaintGetPayload<{ select: typeof NOTICE_COLUMNS }>;

export function noticeContextOf(c: NoticeRow, message: string | null = null): NoticeContext {
  return {
    complaintId: c.id,
    code: c.code,
    locale: c.locale,
    consumerEmail: c.consumerEmail,
    consumerPhone: c.consumerPhone,
    institutionId: c.institutionId,
    creditor: { zh: c.institution?.nameZh ?? c.institutionName, en: c.institution?.nameEn ?? c.institutionName },
    dueAt: c.dueAt,
    infoDueAt: c.infoDueAt,
    message,
  };
}

const publicUrl = () => (process.env.PUBLIC_URL || `http://localhost:${process.env.PORT || 3000}`).replace(/\/$/, "");

function render(kind: NoticeKind, context: NoticeContext, recipient: Recipient) {
  const t = i18nFor(recipient.locale).t;
  const values = {
    code: context.code,
    creditor: recipient.locale === "en" ? context.creditor.en : context.creditor.zh,
    // A deadline is the instant its period ends; the reader is told its last day.
    date: formatLastDay(kind === "info_requested" && context.infoDueAt ? context.infoDueAt : context.dueAt, recipient.locale),
    message: context.message ?? "",
    link: recipient.reviewer ? `${publicUrl()}/triage/${context.code}` : `${publicUrl()}/track/${context.code}`,
  };
  const footer = t(recipient.reviewer ? "notify.reviewerFooter" : "notify.footer", values);
  const subject = t(`notify.${kind}.subject`, values);
  return { subject, body: `${t(`notify.${kind}.body`, values)}\n\n${footer}\n` };
}

async function recipientsOf(tx: Prisma.TransactionClient, audience: NoticeAudience, context: NoticeContext): Promise<Recipient[]> {
  if (audience === "consumer") {
    const locale = isLocale(context.locale) ? context.locale : "zh-CN";
    const email = open(context.consumerEmail, "consumerEmail");
    const phone = open(context.consumerPhone, "consumerPhone");
    return [
      ...(email ? [{ channel: "email" as const, address: email, locale, reviewer: false }] : []),
      ...(phone && textsConfigured() ? [{ channel: "sms" as const, address: phone, locale, reviewer: false }] : []),
    ];
  }
  if (audience === "bank" && !context.institutionId) return [];
  const users = await tx.user.findMany({
    where: { role: audience, disabled: false, ...(audience === "bank" ? { institutionId: context.institutionId } : {}) },
    select: { email: true },
    orderBy: { id: "asc" },
  });
  return users.map((u) => ({ channel: "email" as const, address: u.email, locale: "zh-CN" as const, reviewer: true }));
}

/** Writes the notices an event calls for, in the event's transaction. */
export async function enqueueNotices(tx: Prisma.TransactionClient, eventType: string, toStatus: string, context: NoticeContext, dedupeKey?: string) {
  for (const notice of noticesFor(eventType, toStatus)) await enqueue(tx, notice.kind, notice.audience, context, dedupeKey);
}

export async function enqueue(tx: Prisma.TransactionClient, kind: NoticeKind, audience: NoticeAudience, context: NoticeContext, dedupeKey?: string) {
  for (const recipient of await recipientsOf(tx, audience, context)) {
    const { subject, body } = render(kind, context, recipient);
    const row = {
      channel: recipient.channel,
      recipient: seal(recipient.address, recipient.channel === "sms" ? "consumerPhone" : "consumerEmail")!,
      subject,
      body: recipient.channel === "sms" ? subject : body,
      kind,
      complaintId: context.complaintId,
    };
    if (!dedupeKey) {
      await tx.outboxMessage.create({ data: row });
      continue;
    }
    const key = `${dedupeKey}:${recipient.channel}:${recipient.address}`;
    await tx.outboxMessage.upsert({ where: { dedupeKey: key }, create: { ...row, dedupeKey: key }, update: {} });
  }
}

const retrySeconds = () => Number(process.env.OUTBOX_RETRY_SECONDS) || 60;
const MAX_DELAY_MS = 6 * 60 * 60 * 1000;
// Longer than a send can take (nodemailer gives up on a silent server after 10 minutes): a message
// claimed by a process that died is tried again after this, by whichever process looks first.
const CLAIM_MS = 15 * 60 * 1000;

/**
 * Takes the message for this process to send: one conditional update, so of several servers (or
 * instances) that read it as due, one alone gets it; the others see its next attempt moved on.
 */
async function claim(id: number, now: Date): Promise<boolean> {
  const { count } = await db.outboxMessage.updateMany({
    where: { id, sentAt: null, nextAttemptAt: { lte: now } },
    data: { nextAttemptAt: new Date(now.getTime() + CLAIM_MS) },
  });
  return count === 1;
}

let running: Promise<number> | null = null;

/** Sends what is due; one run at a time per process, each message by one process. Returns how many went. */
export function deliverDue(now = () => new Date()): Promise<number> {
  running ??= deliver(now).finally(() => (running = null));
  return running;
}

async function deliver(now: () => Date): Promise<number> {
  let sent = 0;
  for (;;) {
    const due = await db.outboxMessage.findMany({ where: { sentAt: null, nextAttemptAt: { lte: now() } }, orderBy: { id: "asc" }, take: 20 });
    if (!due.length) return sent;
    for (const message of due) {
      if (!(await claim(message.id, now()))) continue;
      const address = open(message.recipient, message.channel === "sms" ? "consumerPhone" : "consumerEmail") ?? "";
      try {
        await send({ ...message, recipient: address });
        await db.outboxMessage.update({ where: { id: message.id }, data: { sentAt: now(), recipient: "", lastError: null, attempts: message.attempts + 1 } });
        sent++;
      } catch (error) {
        const delay = Math.min(retrySeconds() * 1000 * 2 ** message.attempts, MAX_DELAY_MS);
        // The error is kept for the operator, without the address it may quote.
        const reason = (error instanceof Error ? error.message : String(error)).split(address).join("…").slice(0, 300);
        await db.outboxMessage.update({
          where: { id: message.id },
          data: { attempts: message.attempts + 1, nextAttemptAt: new Date(now().getTime() + delay), lastError: reason },
        });
      }
    }
  }
}

/** Sends soon, off the request that wrote the notice (after its transaction committed). */
export function deliverSoon() {
  setImmediate(() => void deliverDue().catch((error: unknown) => console.error(`outbox: ${error instanceof Error ? error.message : String(error)}`)));
}
