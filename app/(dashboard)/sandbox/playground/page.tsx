import type { Metadata } from "next";
import { Playground } from "@/components/playground/playground";

export const metadata: Metadata = { title: "LLM playground" };

export default function PlaygroundPage() {
  return (
    <div className="grid gap-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">LLM playground</h1>
        <p className="text-muted-foreground text-sm">
          Call <code>/api/v1/chat/completions</code> with any configured provider and see what Brikk did:
          which provider answered, fallbacks, cost and the headers.
        </p>
      </div>
      <Playground />
    </div>
  );
}
