import type { Metadata } from "next";
import { KeySandbox } from "@/components/keys/key-sandbox";
import { TryKey } from "@/components/keys/try-key";
import { KeyMeters } from "@/components/usage/key-meters";
import { RecentCalls } from "@/components/usage/recent-calls";

export const metadata: Metadata = { title: "Key sandbox" };

export default function KeySandboxPage() {
  return (
    <div className="grid gap-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">API key sandbox</h1>
        <p className="text-muted-foreground text-sm">
          Create, rotate and revoke your agents&apos; keys, and check any key against the live API.
        </p>
      </div>
      <TryKey />
      <KeySandbox />
      <KeyMeters />
      <RecentCalls />
    </div>
  );
}
