let now = Date.now();
let timer: NodeJS.Timeout | undefined;

/**
 * Milliseconds since the epoch, at most 100 ms old: cheap enough to read for
 * every event where a cache needs an age.
 */
export function coarseNow(): number {
  if (!timer) {
    now = Date.now();
    timer = setInterval(() => (now = Date.now()), 100);
    timer.unref();
  }
  return now;
}
