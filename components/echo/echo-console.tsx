"use client";

import { type FormEvent, useState } from "react";
import { Field } from "@/components/auth/field";
import { ErrorAlert } from "@/components/feedback/error-alert";
import { PendingButton } from "@/components/feedback/pending-button";
import { useRequest } from "@/components/feedback/use-request";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { Textarea } from "@/components/ui/textarea";
import { type EchoRequest, type EchoResult, parseMetadata, sendEcho } from "./send-echo";

export function EchoConsole() {
  const [form, setForm] = useState<EchoRequest>({
    endpoint: "/api/v1/coordination/echo",
    message: "Hello from the dashboard",
    metadata: "",
    apiKey: "",
  });
  const { pending, error, result, run, fail } = useRequest<EchoResult>();
  const set = (patch: Partial<EchoRequest>) => setForm((f) => ({ ...f, ...patch }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const metadata = parseMetadata(form.metadata);
    if (!metadata.ok) return fail(metadata.error);
    await run(() => sendEcho(form, metadata.value));
  };

  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <Card>
        <CardHeader>
          <CardTitle>Send</CardTitle>
          <CardDescription>
            Paste an agent&apos;s API key to send as that agent; leave it empty to send as yourself.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <form onSubmit={submit} className="grid gap-4">
            <div className="grid gap-2">
              <Label htmlFor="echo-endpoint">Endpoint</Label>
              <NativeSelect
                id="echo-endpoint"
                value={form.endpoint}
                onChange={(e) => set({ endpoint: e.target.value as EchoRequest["endpoint"] })}
              >
                <option value="/api/v1/coordination/echo">POST /api/v1/coordination/echo (full)</option>
                <option value="/api/v1/echo">POST /api/v1/echo (simple)</option>
              </NativeSelect>
            </div>
            <div className="grid gap-2">
              <Label htmlFor="echo-message">Message</Label>
              <Textarea
                id="echo-message"
                value={form.message}
                maxLength={10_000}
                onChange={(e) => set({ message: e.target.value })}
              />
            </div>
            <div className="grid gap-2">
              <Label htmlFor="echo-metadata">Metadata (JSON object, optional)</Label>
              <Textarea
                id="echo-metadata"
                className="font-mono"
                value={form.metadata}
                placeholder='{"trace": "abc"}'
                onChange={(e) => set({ metadata: e.target.value })}
              />
            </div>
            <Field
              id="echo-key"
              label="Agent API key (optional)"
              type="password"
              autoComplete="off"
              value={form.apiKey}
              onChange={(e) => set({ apiKey: e.target.value })}
            />
            <ErrorAlert message={error} />
            <PendingButton pending={pending} pendingLabel="Sending…" type="submit" disabled={!form.message}>
              Send echo
            </PendingButton>
          </form>
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Response</CardTitle>
          <CardDescription>
            Status, request id and rate-limit headers as the API returned them.
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-3">
          {result ? (
            <>
              <div className="flex flex-wrap items-center gap-2 text-sm">
                <Badge variant={result.ok ? "success" : "destructive"}>HTTP {result.status}</Badge>
                <span className="text-muted-foreground">{result.latencyMs} ms</span>
                {result.requestId ? (
                  <code className="text-muted-foreground text-xs">{result.requestId}</code>
                ) : null}
              </div>
              <dl className="grid grid-cols-3 gap-2 text-sm" aria-label="Rate limit">
                {(["limit", "remaining", "reset"] as const).map((k) => (
                  <div key={k} className="bg-muted/40 rounded-md p-2">
                    <dt className="text-muted-foreground text-xs">
                      X-RateLimit-{k[0]?.toUpperCase()}
                      {k.slice(1)}
                    </dt>
                    <dd className="font-mono">{result.rateLimit?.[k] ?? "—"}</dd>
                  </div>
                ))}
              </dl>
              <pre
                className="bg-muted/40 max-h-96 overflow-auto rounded-md p-3 text-xs"
                aria-label="Response body"
              >
                {JSON.stringify(result.body, null, 2)}
              </pre>
            </>
          ) : (
            <p className="text-muted-foreground text-sm">Send a message to see the response here.</p>
          )}
        </CardContent>
      </Card>
    </div>
  );
}
