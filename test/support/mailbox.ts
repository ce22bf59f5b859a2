import { simpleParser, type ParsedMail } from "mailparser";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

/** A real SMTP server in the test's process: what it receives is what a mailbox would. */
export function mailbox(port = 0) {
  const received: ParsedMail[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then((mail) => {
        received.push(mail);
        callback();
      }, callback);
    },
  });
  // A server process stopped by the test may drop its connection mid-message: that is not the test's failure.
  smtp.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "ECONNRESET") throw error;
  });
  const listening = new Promise<number>((resolve) => smtp.listen(port, "127.0.0.1", () => resolve((smtp.server.address() as AddressInfo).port)));
  return { received, listening, close: () => new Promise<void>((resolve) => smtp.close(() => resolve())) };
}

export const recipientsOf = (mail: ParsedMail) => (Array.isArray(mail.to) ? mail.to : [mail.to]).flatMap((a) => a?.value.map((v) => v.address) ?? []);
