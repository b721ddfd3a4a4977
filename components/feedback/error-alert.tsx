import { Alert, AlertDescription } from "@/components/ui/alert";

/** A destructive alert for a message that may be absent; renders nothing without one. */
export function ErrorAlert({ message }: { message: string | null | undefined }) {
  if (!message) return null;
  return (
    <Alert variant="destructive">
      <AlertDescription>{message}</AlertDescription>
    </Alert>
  );
}
