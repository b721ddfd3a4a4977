import { RowAction } from "@/components/feedback/row-action";
import { TableCell } from "@/components/ui/table";

// The pieces every key table shares (agent detail, key sandbox): a key is named by its name and
// prefix, never its secret, and revoking asks first because it cannot be undone.

export function KeyNameCell({ name, detail }: { name: string; detail: string }) {
  return (
    <TableCell>
      <div className="font-medium">{name}</div>
      <code className="text-muted-foreground text-xs">{detail}</code>
    </TableCell>
  );
}

export function RevokeKeyAction({
  keyName,
  prefix,
  pending,
  onRevoke,
}: {
  keyName: string;
  prefix: string;
  pending: boolean;
  onRevoke: () => void;
}) {
  return (
    <RowAction
      disabled={pending}
      confirm={`Revoke ${keyName} (${prefix}…)? Calls with it will fail.`}
      onConfirm={onRevoke}
    >
      Revoke
    </RowAction>
  );
}
