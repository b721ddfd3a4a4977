"use client";

import { useRef, useState } from "react";

/**
 * The state of a form that sends one request at a time from the browser (echo console,
 * playground): pending flag, an error message, the last result, and a way to stop it.
 * Starting a new request aborts the one still running.
 */
export function useRequest<Result>() {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<Result | null>(null);
  const controller = useRef<AbortController | null>(null);

  const run = async (send: (signal: AbortSignal) => Promise<Result>) => {
    controller.current?.abort();
    const current = new AbortController();
    controller.current = current;
    setPending(true);
    setError(null);
    setResult(null);
    try {
      setResult(await send(current.signal));
    } catch (e) {
      const failure = e as Error;
      setError(failure.name === "AbortError" ? "Stopped." : failure.message || "The request failed");
    } finally {
      setPending(false);
    }
  };

  return {
    pending,
    error,
    result,
    run,
    /** Show a validation message without sending anything. */
    fail: setError,
    stop: () => controller.current?.abort(),
  };
}
