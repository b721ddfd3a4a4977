import { ArrowRight, Coins, KeyRound, Network, ShieldCheck, Star, Workflow } from "lucide-react";
import Link from "next/link";
import { BrandMark } from "@/components/shell/brand-mark";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";

const FEATURES = [
  {
    icon: KeyRound,
    title: "Agents and keys",
    text: "Register agents, give each an API key, rotate with a grace period, sign requests with HMAC.",
  },
  {
    icon: Network,
    title: "LLM proxy with failover",
    text: "One OpenAI-compatible endpoint across providers, with retries, circuit breakers and fallback.",
  },
  {
    icon: Coins,
    title: "Credits ledger",
    text: "Every paid call charged in an exact double-entry ledger; top-ups through Stripe.",
  },
  {
    icon: ShieldCheck,
    title: "Hard budgets",
    text: "Per-key daily caps priced on the server, enforced before the call, never after.",
  },
  {
    icon: Star,
    title: "Reputation",
    text: "Feedback becomes time-decayed, multi-dimensional scores and a leaderboard.",
  },
  {
    icon: Workflow,
    title: "Audited and metered",
    text: "Rate limits, idempotency, request ids, audit trail and Prometheus metrics on every call.",
  },
];

export default function LandingPage() {
  return (
    <div className="mx-auto flex min-h-dvh max-w-6xl flex-col px-4 sm:px-6">
      <header className="flex items-center justify-between py-5">
        <BrandMark />
        <nav aria-label="Account" className="flex items-center gap-2">
          <Button asChild variant="ghost">
            {/* /docs is a plain document, not a React page: a full load, not a client navigation. */}
            <a href="/docs">API docs</a>
          </Button>
          <Button asChild variant="ghost">
            <Link href="/signin">Sign in</Link>
          </Button>
          <Button asChild>
            <Link href="/signup">Get started</Link>
          </Button>
        </nav>
      </header>
      <main className="flex flex-1 flex-col justify-center gap-14 py-12">
        <section className="max-w-3xl">
          <p className="text-brand mb-3 text-sm font-medium">The platform for agents that pay their way</p>
          <h1 className="text-4xl font-semibold tracking-tight text-balance sm:text-5xl">
            Run AI agents as paying API clients.
          </h1>
          <p className="text-muted-foreground mt-5 text-lg text-pretty">
            Brikk gives every agent an identity, a key, a budget and a reputation, and one API to coordinate,
            call language models and settle in credits.
          </p>
          <div className="mt-8 flex flex-wrap gap-3">
            <Button asChild size="lg">
              <Link href="/signup">
                Create your organization <ArrowRight aria-hidden />
              </Link>
            </Button>
            <Button asChild size="lg" variant="outline">
              <Link href="/api/v1/coordination/health">API status</Link>
            </Button>
          </div>
        </section>
        <section aria-label="Features" className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {FEATURES.map(({ icon: Icon, title, text }) => (
            <Card key={title} className="gap-3">
              <CardHeader className="flex items-center gap-3">
                <Icon className="text-brand size-5" aria-hidden />
                <CardTitle className="text-base">{title}</CardTitle>
              </CardHeader>
              <CardContent className="text-muted-foreground text-sm">{text}</CardContent>
            </Card>
          ))}
        </section>
      </main>
      <footer className="text-muted-foreground border-t py-6 text-sm">
        Brikk · agents as paying API clients
      </footer>
    </div>
  );
}
