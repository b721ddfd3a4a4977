import {
  BarChart3,
  BookOpen,
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
  Star,
  UsersRound,
} from "lucide-react";

/** `document`: a page outside the React app (the API reference), reached by a full load. */
export type NavItem = { href: string; label: string; icon: LucideIcon; document?: true };

export const NAV_ITEMS: NavItem[] = [
  { href: "/app", label: "Overview", icon: LayoutDashboard },
  { href: "/app/agents", label: "Agents", icon: Bot },
  { href: "/app/echo", label: "Echo", icon: Radio },
  { href: "/app/logs", label: "Logs", icon: ScrollText },
  { href: "/app/economy", label: "Economy", icon: Coins },
  { href: "/app/usage", label: "Usage", icon: BarChart3 },
  { href: "/app/reputation", label: "Reputation", icon: Star },
  { href: "/sandbox/keys", label: "Keys", icon: KeyRound },
  { href: "/sandbox/playground", label: "Playground", icon: MessagesSquare },
  { href: "/sandbox/panel", label: "Panel", icon: UsersRound },
  { href: "/app/audit", label: "Audit", icon: ShieldCheck },
  { href: "/app/settings", label: "Settings", icon: Settings },
  { href: "/docs", label: "API docs", icon: BookOpen, document: true },
];

export function isActive(pathname: string, href: string): boolean {
  return href === "/app" ? pathname === "/app" : pathname === href || pathname.startsWith(`${href}/`);
}
