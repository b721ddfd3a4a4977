"use client";

import type { FormEvent } from "react";
import { PendingButton } from "@/components/feedback/pending-button";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { Textarea } from "@/components/ui/textarea";
import { languageName } from "@/lib/languages";
import type { RouterOutputs } from "@/lib/trpc/client";

// The prompt and the four seats. Each seat keeps its default panel agent ("" here, null to the
// API, created on first use) or takes one of the org's agents or another org's public agent.

export type SeatOptions = RouterOutputs["panel"]["seatOptions"];
export type SetupForm = { prompt: string; seats: string[] };

export const EMPTY_SETUP: SetupForm = { prompt: "", seats: ["", "", "", ""] };

export function PanelSetup({
  options,
  form,
  onChange,
  onStart,
  pending,
}: {
  options: SeatOptions;
  form: SetupForm;
  onChange: (form: SetupForm) => void;
  onStart: () => void;
  pending: boolean;
}) {
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onStart();
  };
  const setSeat = (i: number, value: string) =>
    onChange({ ...form, seats: form.seats.map((seat, j) => (j === i ? value : seat)) });
  return (
    <form onSubmit={submit} className="grid gap-4">
      <div className="grid gap-2">
        <Label htmlFor="panel-prompt">Prompt</Label>
        <Textarea
          id="panel-prompt"
          value={form.prompt}
          maxLength={2000}
          rows={3}
          placeholder="Should a five-person team split its monolith into microservices?"
          onChange={(event) => onChange({ ...form, prompt: event.target.value })}
        />
      </div>
      <div className="grid gap-3 sm:grid-cols-2 xl:grid-cols-4">
        {options.defaults.map((fallback, i) => (
          <div key={fallback.name} className="grid min-w-0 gap-2">
            <Label htmlFor={`panel-seat-${i + 1}`}>Seat {i + 1}</Label>
            <NativeSelect
              id={`panel-seat-${i + 1}`}
              className="w-full min-w-0"
              value={form.seats[i] ?? ""}
              onChange={(event) => setSeat(i, event.target.value)}
            >
              <option value="">
                {fallback.name}
                {fallback.agent_id ? "" : " (created on first run)"}
              </option>
              <optgroup label="Your agents">
                {options.own
                  .filter((agent) => agent.agent_id !== fallback.agent_id)
                  .map((agent) => (
                    <option key={agent.agent_id} value={agent.agent_id}>
                      {agent.name} · {languageName(agent.language)}
                    </option>
                  ))}
              </optgroup>
              {options.guests.length > 0 ? (
                <optgroup label="Public agents (guest, billed to you)">
                  {options.guests.map((agent) => (
                    <option key={agent.agent_id} value={agent.agent_id}>
                      {agent.name} · {agent.org_name} · {languageName(agent.language)}
                    </option>
                  ))}
                </optgroup>
              ) : null}
            </NativeSelect>
          </div>
        ))}
      </div>
      <div>
        <PendingButton
          type="submit"
          pending={pending}
          pendingLabel="Starting…"
          disabled={!form.prompt.trim()}
        >
          Start the panel
        </PendingButton>
      </div>
    </form>
  );
}
