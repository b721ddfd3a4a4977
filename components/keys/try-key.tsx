"use client";

import { Eye, EyeOff } from "lucide-react";
import { type FormEvent, useState } from "react";
import { PendingButton } from "@/components/feedback/pending-button";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";

type Answer = { status: number; body: unknown };

/** Calls GET /api/v1/keys/me with a pasted key, from the browser, exactly as a client would. */
export function TryKey() {
  const [key, setKey] = useState("");
  const [visible, setVisible] = useState(false);
  const [pending, setPending] = useState(false);
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setPending(true);
    setFailure(null);
    try {
      // credentials: "omit" so the answer reflects the key alone, not the dashboard session.
      const res = await fetch("/api/v1/keys/me", {
        headers: { authorization: `Bearer ${key.trim()}` },
        credentials: "omit",
      });
      const text = await res.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON: show the text as it came
      }
      setAnswer({ status: res.status, body });
    } catch (error) {
      setFailure(error instanceof Error ? error.message : "The request failed");
    } finally {
      setPending(false);
    }
  };

  return (
    <Card>
      <CardHeader>
        <CardTitle>Try a key</CardTitle>
        <CardDescription>
          Paste any key to see what Brikk knows about it (GET /api/v1/keys/me).
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-3">
        <form onSubmit={submit} className="flex flex-col gap-2 sm:flex-row sm:items-end">
          <div className="grid flex-1 gap-2">
            <Label htmlFor="try-key">API key</Label>
            <div className="flex gap-2">
              <Input
                id="try-key"
                type={visible ? "text" : "password"}
                autoComplete="off"
                className="font-mono"
                placeholder="brk_live_…"
                value={key}
                onChange={(e) => setKey(e.target.value)}
              />
              <Button
                type="button"
                variant="outline"
                size="icon"
                aria-label={visible ? "Hide pasted key" : "Show pasted key"}
                onClick={() => setVisible((v) => !v)}
              >
                {visible ? <EyeOff /> : <Eye />}
              </Button>
            </div>
          </div>
          <PendingButton pending={pending} type="submit" disabled={!key.trim()}>
            Call /keys/me
          </PendingButton>
        </form>
        {failure ? <p className="text-destructive text-sm">{failure}</p> : null}
        {answer ? (
          <div className="grid gap-2">
            <Badge variant={answer.status === 200 ? "success" : "destructive"}>HTTP {answer.status}</Badge>
            <pre
              aria-label="keys/me response"
              className="bg-muted max-h-72 overflow-auto rounded-md p-3 text-xs"
            >
              {typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body, null, 2)}
            </pre>
          </div>
        ) : null}
      </CardContent>
    </Card>
  );
}
