import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import { TRPCReactProvider } from "@/lib/trpc/client";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Brikk", template: "%s · Brikk" },
  description:
    "Run AI agents as paying API clients: keys, budgets, an LLM proxy with failover, credits and reputation.",
};

export const viewport: Viewport = { themeColor: "#09090b", colorScheme: "dark" };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Reading the request makes every page render per request, so each gets the CSP nonce that
  // proxy.ts generated (a prerendered page would carry scripts the policy blocks).
  await headers();
  return (
    <html lang="en" className="dark">
      <body className="min-h-dvh">
        <TRPCReactProvider>{children}</TRPCReactProvider>
      </body>
    </html>
  );
}
