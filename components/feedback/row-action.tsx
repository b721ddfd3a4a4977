import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { TableHead } from "@/components/ui/table";

/** The right-hand column header of a table whose rows end with an action button. */
export function ActionsHead() {
  return (
    <TableHead className="text-right">
      <span className="sr-only">Actions</span>
    </TableHead>
  );
}

/**
 * A row's destructive action (revoke, remove, leave). With `confirm`, the browser asks first,
 * because these cannot be undone.
 */
export function RowAction({
  children,
  confirm,
  disabled,
  onConfirm,
}: {
  children: ReactNode;
  confirm?: string;
  disabled?: boolean;
  onConfirm: () => void;
}) {
  return (
    <Button
      variant="ghost"
      size="sm"
      disabled={disabled}
      onClick={() => {
        if (!confirm || window.confirm(confirm)) onConfirm();
      }}
    >
      {children}
    </Button>
  );
}
