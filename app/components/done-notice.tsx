import { useTranslation } from "react-i18next";

/**
 * What the last action did, said once (server/flash.server.ts). The region is always on the page,
 * so that a screen reader announces the text when it appears after an action sent with JavaScript.
 */
export function DoneNotice({ done }: { done: { key: string } | null }) {
  const { t } = useTranslation();
  return (
    <div role="status" className="done-notice">
      {/* An action without a text of its own (one added later) still says it was saved. */}
      {done ? t([done.key, "done.saved"]) : null}
    </div>
  );
}
