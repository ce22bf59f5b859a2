import { setTimeout as pause } from "node:timers/promises";

/** Waits until `check()` gives a truthy value and returns it; fails naming `what` after `ms`. */
export async function waitFor<T>(check: () => T | undefined | false | Promise<T | undefined | false>, what: string, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`waited ${ms} ms for ${what}`);
    await pause(50);
  }
}
