"use client";

import { useEffect, useState } from "react";
import { applyEvent, EMPTY_RUN, type LiveRun, type StreamEvent } from "./run-state";

const EVENT_TYPES = ["turn_started", "delta", "turn_ended", "turn_failed", "run_ended"] as const;

/**
 * Follows a run's event stream. EventSource reconnects by itself and sends Last-Event-ID; a
 * reload starts again from the first event and rebuilds the same picture. The stream is closed
 * at `run_ended`, or the browser would reconnect for ever.
 */
export function useRunStream(runId: string | null): { run: LiveRun; connected: boolean } {
  const [run, setRun] = useState<LiveRun>(EMPTY_RUN);
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    setRun(EMPTY_RUN);
    if (!runId) return;
    const source = new EventSource(`/api/v1/panel/runs/${runId}/events`);
    const onEvent = (message: MessageEvent<string>) => {
      const event = JSON.parse(message.data) as StreamEvent;
      setRun((current) => applyEvent(current, event));
      if (event.type === "run_ended") {
        source.close();
        setConnected(false);
      }
    };
    for (const type of EVENT_TYPES) source.addEventListener(type, onEvent);
    source.onopen = () => setConnected(true);
    source.onerror = () => setConnected(false);
    return () => source.close();
  }, [runId]);
  return { run, connected };
}
