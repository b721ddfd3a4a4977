import { Loader2 } from "lucide-react";
import type * as React from "react";
import { Button } from "@/components/ui/button";

/** A button that shows a spinner and is disabled while its action runs. */
export function PendingButton({
  pending,
  pendingLabel,
  children,
  disabled,
  ...props
}: React.ComponentProps<typeof Button> & { pending: boolean; pendingLabel?: string }) {
  return (
    <Button disabled={pending || disabled} {...props}>
      {pending ? <Loader2 className="animate-spin" aria-hidden /> : null}
      {pending && pendingLabel ? pendingLabel : children}
    </Button>
  );
}
