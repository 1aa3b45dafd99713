import { performance } from 'node:perf_hooks';

/**
 * A progress line on stderr for long CLI work. It appears only once the work has taken more than a
 * second, redraws in place on a terminal (at most every 100 ms) and, piped to a file or CI log,
 * prints a line every 2 s instead of flooding it.
 */
export interface ProgressLine {
  /** When the work started (performance.now()). */
  readonly started: number;
  /** Show the text for the seconds since the start, if it is time to. */
  update(text: (seconds: number) => string): void;
  /** Take the line off a terminal before the answer is printed. */
  clear(): void;
}

export function progressLine(started = performance.now()): ProgressLine {
  const tty = process.stderr.isTTY === true;
  let lastShown = 0;
  let shown = false;
  return {
    started,
    update(text) {
      const now = performance.now();
      if (now - started < 1000 || now - lastShown < (tty ? 100 : 2000)) return;
      lastShown = now;
      const line = text((now - started) / 1000);
      process.stderr.write(tty ? `\r${line}\x1b[K` : `${line}\n`);
      shown = true;
    },
    clear() {
      if (shown && tty) process.stderr.write('\r\x1b[K');
      shown = false;
    },
  };
}
