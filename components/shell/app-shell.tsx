"use client";

import { Menu } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { type ReactNode, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { cn } from "@/lib/utils";
import { BrandMark } from "./brand-mark";
import { isActive, NAV_ITEMS } from "./nav-items";
import { OrgSwitcher } from "./org-switcher";
import { UserMenu } from "./user-menu";

type ShellUser = { email: string; name: string | null };

function SidebarNav({ onNavigate }: { onNavigate?: () => void }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Dashboard" className="grid gap-1">
      {NAV_ITEMS.map(({ href, label, icon: Icon, document }) => {
        const active = isActive(pathname, href);
        const className = cn(
          "flex items-center gap-3 rounded-md px-3 py-2 text-sm transition-colors",
          active
            ? "bg-accent text-foreground font-medium"
            : "text-muted-foreground hover:bg-accent/50 hover:text-foreground",
        );
        const content = (
          <>
            <Icon className="size-4" aria-hidden />
            {label}
          </>
        );
        return document ? (
          <a key={href} href={href} className={className}>
            {content}
          </a>
        ) : (
          <Link
            key={href}
            href={href}
            onClick={onNavigate}
            aria-current={active ? "page" : undefined}
            className={className}
          >
            {content}
          </Link>
        );
      })}
    </nav>
  );
}

export function AppShell({ user, children }: { user: ShellUser; children: ReactNode }) {
  const [mobileOpen, setMobileOpen] = useState(false);
  return (
    <div className="flex min-h-dvh">
      <aside className="bg-sidebar hidden w-64 shrink-0 flex-col gap-6 border-r p-4 md:flex print:hidden">
        <BrandMark href="/app" />
        <OrgSwitcher />
        <SidebarNav />
        <div className="mt-auto">
          <UserMenu user={user} />
        </div>
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="flex items-center gap-3 border-b px-4 py-3 md:hidden print:hidden">
          <Dialog open={mobileOpen} onOpenChange={setMobileOpen}>
            <DialogTrigger asChild>
              <Button variant="ghost" size="icon" aria-label="Open navigation">
                <Menu />
              </Button>
            </DialogTrigger>
            <DialogContent side="left" aria-describedby={undefined}>
              <DialogTitle className="sr-only">Navigation</DialogTitle>
              <BrandMark href="/app" />
              <OrgSwitcher />
              <SidebarNav onNavigate={() => setMobileOpen(false)} />
              <UserMenu user={user} />
            </DialogContent>
          </Dialog>
          <BrandMark href="/app" />
        </header>
        <main id="main" className="mx-auto w-full max-w-5xl flex-1 px-4 py-6 sm:px-8 sm:py-8">
          {children}
        </main>
      </div>
    </div>
  );
}
