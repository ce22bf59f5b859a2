import { useActionData } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";
import type { ShownRefusal } from "~/domain/action-outcome";

/**
 * What the last action did, said once (server/flash.server.ts). The region is always on the page,
 * so that a screen reader announces the text when it appears after an action sent with JavaScript;
 * it falls silent when a later action is refused, so the two never read together.
 */
export function DoneNotice({ done }: { done: { key: string } | null }) {
  const { t } = useTranslation();
  const refused = useActionData<ShownRefusal>();
  return (
    <div role="status" className="done-notice">
      {/* An action without a text of its own (one added later) still says it was saved. */}
      {done && !refused ? t([done.key, "done.saved"]) : null}
    </div>
  );
}
