/** One progress line on stderr, rewritten in place at most every 200 ms; `done` ends it. */
export function progressLine() {
  let last = 0;
  let shown = false;
  return {
    update: (message: string) => {
      const now = Date.now();
      if (now - last < 200) return;
      last = now;
      shown = true;
      process.stderr.write(process.stderr.isTTY ? `\r${message.padEnd(70)}` : `${message}\n`);
    },
    // Ends the line; the next update starts a new one (db:copy prints a line per table in between).
    done: () => {
      if (shown && process.stderr.isTTY) process.stderr.write("\n");
      shown = false;
    },
  };
}
