import type * as React from "react";
import { cn } from "@/lib/utils";

/** A styled native <select>: keyboard, screen readers and phones handle it as they expect. */
function NativeSelect({ className, ...props }: React.ComponentProps<"select">) {
  return (
    <select
      data-slot="native-select"
      className={cn(
        "border-input bg-input/30 h-9 rounded-md border px-2 text-sm shadow-xs outline-none focus-visible:border-ring focus-visible:ring-ring/50 focus-visible:ring-[3px] disabled:opacity-50 [&>option]:bg-popover",
        className,
      )}
      {...props}
    />
  );
}

export { NativeSelect };
