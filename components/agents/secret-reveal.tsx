"use client";

import { Check, Copy, Eye, EyeOff } from "lucide-react";
import { useState } from "react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";

/** Shows a freshly created secret once, with copy and show/hide, and says it will not come back. */
export function SecretReveal({ secret, label = "API key" }: { secret: string; label?: string }) {
  const [visible, setVisible] = useState(false);
  const [copied, setCopied] = useState(false);
  return (
    <Alert>
      <AlertTitle>Copy your {label} now</AlertTitle>
      <AlertDescription className="w-full">
        <p>You will not see this {label} again. Store it in your agent&apos;s secret manager.</p>
        <div className="flex w-full gap-2">
          <Input
            readOnly
            type={visible ? "text" : "password"}
            value={secret}
            aria-label={`New ${label}`}
            className="font-mono"
            onFocus={(e) => e.target.select()}
          />
          <Button
            type="button"
            variant="outline"
            size="icon"
            aria-label={visible ? `Hide ${label}` : `Show ${label}`}
            onClick={() => setVisible((v) => !v)}
          >
            {visible ? <EyeOff /> : <Eye />}
          </Button>
          <Button
            type="button"
            variant="outline"
            size="icon"
            aria-label={`Copy ${label}`}
            onClick={async () => {
              await navigator.clipboard.writeText(secret);
              setCopied(true);
            }}
          >
            {copied ? <Check /> : <Copy />}
          </Button>
        </div>
      </AlertDescription>
    </Alert>
  );
}
