"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useState } from "react";
import { Field } from "@/components/auth/field";
import { ErrorAlert } from "@/components/feedback/error-alert";
import { PendingButton } from "@/components/feedback/pending-button";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { Textarea } from "@/components/ui/textarea";
import { LANGUAGE_CODES, LANGUAGES, type LanguageCode } from "@/lib/languages";
import { useTRPC } from "@/lib/trpc/client";

type Persona = { system_prompt: string; model: string; language: LanguageCode };

const BLANK: Persona = { system_prompt: "", model: "openai/gpt-4o-mini", language: "en" };

/** How the agent speaks when it takes a seat on the multilingual panel. */
export function AgentPersona({
  id,
  persona,
  canWrite,
}: {
  id: string;
  persona: { system_prompt: string; model: string; language: string } | null;
  canWrite: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const stored = persona ? { ...persona, language: persona.language as LanguageCode } : BLANK;
  const [form, setForm] = useState<Persona>(stored);
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when the saved persona changes
  useEffect(() => setForm(stored), [persona]);
  const update = useMutation(
    trpc.agents.update.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.agents.pathKey() }),
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate({ id, patch: { persona: form } });
  };
  return (
    <Card>
      <CardHeader>
        <CardTitle>Panel persona</CardTitle>
        <CardDescription>
          The system prompt, model and language this agent speaks with when it takes a seat on the panel.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <form onSubmit={submit} className="grid gap-4">
          <ErrorAlert message={update.error?.message} />
          <div className="grid gap-2">
            <Label htmlFor="persona-prompt">System prompt</Label>
            <Textarea
              id="persona-prompt"
              dir="auto"
              rows={4}
              maxLength={4000}
              value={form.system_prompt}
              onChange={(e) => setForm({ ...form, system_prompt: e.target.value })}
              disabled={!canWrite}
            />
            <p className="text-muted-foreground text-xs">{form.system_prompt.length} / 4000</p>
          </div>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field
              id="persona-model"
              label="Model"
              value={form.model}
              onChange={(e) => setForm({ ...form, model: e.target.value })}
              disabled={!canWrite}
            />
            <div className="grid gap-2">
              <Label htmlFor="persona-language">Language</Label>
              <NativeSelect
                id="persona-language"
                value={form.language}
                onChange={(e) => setForm({ ...form, language: e.target.value as Persona["language"] })}
                disabled={!canWrite}
              >
                {LANGUAGE_CODES.map((code) => (
                  <option key={code} value={code}>
                    {LANGUAGES[code].name} ({LANGUAGES[code].native})
                  </option>
                ))}
              </NativeSelect>
            </div>
          </div>
          <div className="flex flex-wrap items-center gap-3">
            <PendingButton
              pending={update.isPending}
              type="submit"
              disabled={!canWrite || !form.system_prompt.trim() || !form.model.trim()}
            >
              Save persona
            </PendingButton>
            {persona && canWrite ? (
              <Button
                type="button"
                variant="outline"
                disabled={update.isPending}
                onClick={() => update.mutate({ id, patch: { persona: null } })}
              >
                Remove persona
              </Button>
            ) : null}
            <p role="status" className="text-success text-sm">
              {update.isSuccess ? "Saved." : ""}
            </p>
          </div>
        </form>
      </CardContent>
    </Card>
  );
}
