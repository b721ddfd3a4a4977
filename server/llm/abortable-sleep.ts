import { UpstreamError } from "./provider";

/** Waits `ms`, or rejects as soon as `signal` aborts; leaves no listener behind either way. */
export function abortableSleep(ms: number, signal: AbortSignal, reason: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal.aborted) return reject(new UpstreamError("network", reason));
    const onAbort = () => {
      clearTimeout(timer);
      reject(new UpstreamError("network", reason));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
