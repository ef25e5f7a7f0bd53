/** How long to wait before restart number `attempt` (1-based): doubling from `initialMs`, capped at `maxMs`. */
export interface Backoff {
  delayMs(attempt: number): number;
}

export function exponentialBackoff(initialMs = 500, maxMs = 30_000, factor = 2): Backoff {
  if (initialMs <= 0 || maxMs < initialMs || factor < 1) {
    throw new RangeError(`bad backoff: initialMs=${initialMs}, maxMs=${maxMs}, factor=${factor}`);
  }
  return {
    delayMs(attempt: number): number {
      const exponent = Math.max(0, attempt - 1);
      return Math.min(maxMs, Math.round(initialMs * factor ** exponent));
    },
  };
}
