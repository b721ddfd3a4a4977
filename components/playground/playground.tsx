"use client";

import { useQuery } from "@tanstack/react-query";
import { Eye, EyeOff, Square } from "lucide-react";
import { type FormEvent, useState } from "react";
import { ErrorAlert } from "@/components/feedback/error-alert";
import { PendingButton } from "@/components/feedback/pending-button";
import { useRequest } from "@/components/feedback/use-request";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { Textarea } from "@/components/ui/textarea";
import { type ChatRun, type ChatRunRequest, runChat } from "./run-chat";

async function fetchModels(): Promise<{ id: string; owned_by: string }[]> {
  const res = await fetch("/api/v1/models");
  if (!res.ok) throw new Error(`Could not list models (HTTP ${res.status})`);
  return (await res.json()).data;
}

export function Playground() {
  const models = useQuery({ queryKey: ["playground-models"], queryFn: fetchModels });
  const [form, setForm] = useState<ChatRunRequest>({
    apiKey: "",
    model: "local/brikk-1",
    system: "",
    message: "Reply in Spanish: what can you do?",
    maxTokens: 256,
    stream: true,
  });
  const [showKey, setShowKey] = useState(false);
  const [text, setText] = useState("");
  const { pending, error: failure, result: run, run: send, stop } = useRequest<ChatRun>();
  const set = (patch: Partial<ChatRunRequest>) => setForm((f) => ({ ...f, ...patch }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setText("");
    await send((signal) => runChat(form, setText, signal));
  };

  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <Card>
        <CardHeader>
          <CardTitle>Request</CardTitle>
          <CardDescription>
            Paste an agent&apos;s API key to call as that agent (its budget and credits apply); leave it empty
            to call as yourself.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <form onSubmit={submit} className="grid gap-4">
            <div className="grid gap-2">
              <Label htmlFor="pg-key">API key (optional)</Label>
              <div className="flex gap-2">
                <Input
                  id="pg-key"
                  type={showKey ? "text" : "password"}
                  autoComplete="off"
                  placeholder="brk_live_…"
                  value={form.apiKey}
                  onChange={(e) => set({ apiKey: e.target.value })}
                />
                <Button
                  type="button"
                  variant="outline"
                  size="icon"
                  aria-label={showKey ? "Hide API key" : "Show API key"}
                  onClick={() => setShowKey((v) => !v)}
                >
                  {showKey ? <EyeOff /> : <Eye />}
                </Button>
              </div>
            </div>
            <div className="grid gap-2">
              <Label htmlFor="pg-model">Model</Label>
              <NativeSelect id="pg-model" value={form.model} onChange={(e) => set({ model: e.target.value })}>
                {(models.data ?? [{ id: "local/brikk-1", owned_by: "local" }]).map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.id}
                    {m.owned_by === "local" ? " (offline, free)" : ""}
                  </option>
                ))}
              </NativeSelect>
              <ErrorAlert message={models.error?.message} />
            </div>
            <div className="grid gap-2">
              <Label htmlFor="pg-system">System prompt (optional)</Label>
              <Textarea
                id="pg-system"
                value={form.system}
                onChange={(e) => set({ system: e.target.value })}
              />
            </div>
            <div className="grid gap-2">
              <Label htmlFor="pg-message">Message</Label>
              <Textarea
                id="pg-message"
                value={form.message}
                required
                onChange={(e) => set({ message: e.target.value })}
              />
            </div>
            <div className="flex flex-wrap items-end gap-4">
              <div className="grid gap-2">
                <Label htmlFor="pg-max">Max tokens</Label>
                <Input
                  id="pg-max"
                  className="w-32"
                  inputMode="numeric"
                  value={form.maxTokens ?? ""}
                  onChange={(e) =>
                    set({ maxTokens: /^\d+$/.test(e.target.value) ? Number(e.target.value) : null })
                  }
                />
              </div>
              <label className="flex items-center gap-2 text-sm" htmlFor="pg-stream">
                <input
                  id="pg-stream"
                  type="checkbox"
                  checked={form.stream}
                  onChange={(e) => set({ stream: e.target.checked })}
                />
                Stream
              </label>
            </div>
            <div className="flex gap-2">
              <PendingButton
                type="submit"
                pending={pending}
                pendingLabel="Running…"
                disabled={!form.message.trim()}
              >
                Send
              </PendingButton>
              {pending ? (
                <Button type="button" variant="outline" onClick={stop}>
                  <Square aria-hidden /> Stop
                </Button>
              ) : null}
            </div>
          </form>
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Response</CardTitle>
          <CardDescription>
            {run
              ? `HTTP ${run.status} · ${run.latencyMs} ms${run.ttftMs !== null ? ` · first token after ${run.ttftMs} ms` : ""}`
              : "The answer streams here as it arrives."}
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          <ErrorAlert message={failure ?? run?.error} />
          <output
            aria-label="Completion"
            aria-live="polite"
            className="bg-muted min-h-32 rounded-md p-3 text-sm whitespace-pre-wrap"
          >
            {text || (pending ? "…" : "")}
          </output>
          {run ? (
            <div className="flex flex-wrap gap-2" aria-label="Routing">
              {run.provider ? <Badge variant="secondary">provider {run.provider}</Badge> : null}
              {run.model ? <Badge variant="outline">{run.model}</Badge> : null}
              {run.fallback ? <Badge variant="destructive">fallback</Badge> : null}
              {run.costUsd !== null ? <Badge variant="success">${run.costUsd}</Badge> : null}
            </div>
          ) : null}
          {run && run.headers.length > 0 ? (
            <dl aria-label="Response headers" className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-xs">
              {run.headers.map(([name, value]) => (
                <div key={name} className="contents">
                  <dt className="text-muted-foreground font-mono">{name}</dt>
                  <dd className="font-mono break-all">{value}</dd>
                </div>
              ))}
            </dl>
          ) : null}
        </CardContent>
      </Card>
    </div>
  );
}
