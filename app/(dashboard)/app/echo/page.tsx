import type { Metadata } from "next";
import { EchoConsole } from "@/components/echo/echo-console";

export const metadata: Metadata = { title: "Echo" };

export default function EchoPage() {
  return (
    <div className="grid gap-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Echo</h1>
        <p className="text-muted-foreground text-sm">
          Test the coordination API end to end; every call is logged.
        </p>
      </div>
      <EchoConsole />
    </div>
  );
}
