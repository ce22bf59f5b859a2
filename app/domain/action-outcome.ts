/**
 * What a page's action answers when one of its small forms (a comment, a route, an
 * answer) is refused: which form, the messages per field (catalogue keys; "" for the
 * whole action), the typed values to put back, and the HTTP status.
 */
export type Refusal = { ok: false; status: number; intent: string; fieldErrors: Record<string, string[]>; values: Record<string, string> };

export type ActionOutcome<Done = { ok: true }> = Done | Refusal;

/** A refusal as the page reads it back from useActionData (undefined before any post). */
export type ShownRefusal = Omit<Refusal, "status"> | undefined;

/** A small form's text field; a file posted in its place reads as empty, not as "[object File]". */
export function formText(formData: FormData, name: string): string {
  const value = formData.get(name);
  return typeof value === "string" ? value : "";
}
