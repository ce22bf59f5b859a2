import fsp from "node:fs/promises";

/** Flushes a file's bytes, or a directory's entries, to the disk: without it a power cut can undo a write or a rename. */
export async function fsyncPath(target: string) {
  const handle = await fsp.open(target, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
