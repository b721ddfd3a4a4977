"use client";

import { AlertTriangle } from "lucide-react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

export default function DashboardError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <Alert variant="destructive" className="max-w-xl">
      <AlertTriangle aria-hidden />
      <AlertTitle>This page could not load</AlertTitle>
      <AlertDescription>
        <p>Something went wrong on our side.{error.digest ? ` Reference: ${error.digest}.` : ""}</p>
        <Button variant="outline" size="sm" onClick={reset} className="mt-2">
          Try again
        </Button>
      </AlertDescription>
    </Alert>
  );
}
