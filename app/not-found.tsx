import Link from "next/link";
import { Button } from "@/components/ui/button";

export default function NotFound() {
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center gap-4 px-4 text-center">
      <p className="text-muted-foreground text-sm">404</p>
      <h1 className="text-2xl font-semibold">Page not found</h1>
      <p className="text-muted-foreground">
        The page you asked for does not exist, or you do not have access to it.
      </p>
      <Button asChild>
        <Link href="/app">Back to the dashboard</Link>
      </Button>
    </main>
  );
}
