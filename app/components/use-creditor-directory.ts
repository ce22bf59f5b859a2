import { useEffect, useState } from "react";
import type { CreditorEntry } from "~/domain/creditor-names";

export type DirectoryEntry = CreditorEntry & { kind: string };

/**
 * The creditor directory, fetched from /creditors.json once the form is on the screen (the browser
 * keeps it between forms): empty until then, and for good if it cannot be fetched. The suggestions
 * it feeds are a help only: the server resolves the name on submit and asks "did you mean" itself.
 */
export function useCreditorDirectory(): DirectoryEntry[] {
  const [directory, setDirectory] = useState<DirectoryEntry[]>([]);
  useEffect(() => {
    const controller = new AbortController();
    fetch("/creditors.json", { signal: controller.signal })
      .then((response) => (response.ok ? (response.json() as Promise<DirectoryEntry[]>) : []))
      .then(setDirectory)
      .catch(() => {});
    return () => controller.abort();
  }, []);
  return directory;
}
