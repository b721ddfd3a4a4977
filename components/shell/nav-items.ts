import {
  BarChart3,
  Bot,
  Coins,
  KeyRound,
  LayoutDashboard,
  type LucideIcon,
  MessagesSquare,
  Radio,
  ScrollText,
  Settings,
  ShieldCheck,
} from "lucide-react";

export type NavItem = { href: string; label: string; icon: LucideIcon };

// Only pages that exist are linked; Reputation and Panel join this list as they ship.
export const NAV_ITEMS: NavItem[] = [
  { href: "/app", label: "Overview", icon: LayoutDashboard },
  { href: "/app/agents", label: "Agents", icon: Bot },
  { href: "/app/echo", label: "Echo", icon: Radio },
  { href: "/app/logs", label: "Logs", icon: ScrollText },
  { href: "/app/economy", label: "Economy", icon: Coins },
  { href: "/app/usage", label: "Usage", icon: BarChart3 },
  { href: "/sandbox/keys", label: "Keys", icon: KeyRound },
  { href: "/sandbox/playground", label: "Playground", icon: MessagesSquare },
  { href: "/app/audit", label: "Audit", icon: ShieldCheck },
  { href: "/app/settings", label: "Settings", icon: Settings },
];

export function isActive(pathname: string, href: string): boolean {
  return href === "/app" ? pathname === "/app" : pathname === href || pathname.startsWith(`${href}/`);
}
