import { and, desc, eq, gte, inArray, lt, lte, or, type SQL, sql } from "drizzle-orm";
import { rowsOf } from "@/db/client";
import { ledgerAccounts, ledgerEntries, ledgerTransfers, type TRANSFER_KINDS } from "@/db/schema";
import type { OrgContext } from "../context";
import { customerAccountId, receivableAccountId } from "../ledger/accounts";
import { nowMs } from "../platform/clock";
import { formatMicroCredits } from "../platform/money";
import type { ListTransactionsInput, UsageByDayInput } from "./schemas";

// Billing reads: an org's balance with its recent usage, and its transaction history, both read
// from its own accounts' entries (indexed by account), never from other orgs' rows.

const DAY_MS = 86_400_000;

type UsageWindow = { total: string; calls: number; by_service: Record<string, string> };
export type BalanceView = {
  org_id: string;
  /** Credits on the account, including what open reservations hold. */
  balance: string;
  /** Held by reservations for calls still running. */
  reserved: string;
  /** What paid calls may spend now: balance - reserved. */
  available: string;
  /** Credits owed after a refund of credits already spent; paid calls are refused until repaid. */
  owed: string;
  usage: { today: UsageWindow; "7d": UsageWindow; "30d": UsageWindow };
};

export async function getBalance({ ctx }: { ctx: OrgContext }): Promise<BalanceView> {
  const credits = customerAccountId(ctx.org.id);
  const accounts = await ctx.db
    .select({ id: ledgerAccounts.id, balance: ledgerAccounts.balance, reserved: ledgerAccounts.reserved })
    .from(ledgerAccounts)
    .where(inArray(ledgerAccounts.id, [credits, receivableAccountId(ctx.org.id)]));
  const accountOf = (id: string) => accounts.find((a) => a.id === id) ?? { balance: 0n, reserved: 0n };
  const customer = accountOf(credits);

  const at = nowMs();
  const since30 = new Date(at - 30 * DAY_MS);
  const since7 = new Date(at - 7 * DAY_MS);
  const today = new Date(at - (at % DAY_MS)); // UTC midnight
  const usage = rowsOf<{ service: string; span: string; spent: string; calls: number }>(
    await ctx.db.execute(sql`
      select coalesce(t.metadata->>'service', 'other') as service, w.span,
             sum(-e.amount)::text as spent, count(*)::int as calls
      from ${ledgerEntries} e
      join ${ledgerTransfers} t on t.id = e.transfer_id and t.kind = 'usage'
      cross join lateral (values
        ('today', e.created_at >= ${today.toISOString()}::timestamptz),
        ('7d', e.created_at >= ${since7.toISOString()}::timestamptz),
        ('30d', true)) as w(span, inside)
      where e.account_id = ${credits} and e.created_at >= ${since30.toISOString()}::timestamptz and w.inside
      group by 1, 2`),
  );
  const windowOf = (name: string): UsageWindow => {
    const rows = usage.filter((r) => r.span === name);
    const total = rows.reduce((sum, r) => sum + BigInt(r.spent), 0n);
    return {
      total: formatMicroCredits(total),
      calls: rows.reduce((n, r) => n + r.calls, 0),
      by_service: Object.fromEntries(rows.map((r) => [r.service, formatMicroCredits(BigInt(r.spent))])),
    };
  };
  return {
    org_id: ctx.org.id,
    balance: formatMicroCredits(customer.balance),
    reserved: formatMicroCredits(customer.reserved),
    available: formatMicroCredits(customer.balance - customer.reserved),
    // A receivable's balance is zero or negative (see db/schema/ledger.ts); shown as a debt.
    owed: formatMicroCredits(-accountOf(receivableAccountId(ctx.org.id)).balance),
    usage: { today: windowOf("today"), "7d": windowOf("7d"), "30d": windowOf("30d") },
  };
}

export type TransactionView = {
  id: string;
  entry_id: string;
  kind: (typeof TRANSFER_KINDS)[number];
  account: "credits" | "receivable";
  /** Signed: positive came in, negative went out. */
  amount: string;
  direction: "in" | "out";
  description: string;
  metadata: Record<string, unknown>;
  created_at: Date;
};

export type TransactionPage = { data: TransactionView[]; next_cursor: string | null };

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export async function listTransactions({
  ctx,
  input,
}: {
  ctx: OrgContext;
  input: ListTransactionsInput;
}): Promise<TransactionPage> {
  const credits = customerAccountId(ctx.org.id);
  const filters: (SQL | undefined)[] = [
    inArray(ledgerEntries.accountId, [credits, receivableAccountId(ctx.org.id)]),
  ];
  if (input.kind) filters.push(eq(ledgerTransfers.kind, input.kind));
  if (input.from) filters.push(gte(ledgerEntries.createdAt, input.from));
  if (input.to) filters.push(lte(ledgerEntries.createdAt, input.to));
  if (input.min_amount !== undefined) filters.push(sql`abs(${ledgerEntries.amount}) >= ${input.min_amount}`);
  if (input.max_amount !== undefined) filters.push(sql`abs(${ledgerEntries.amount}) <= ${input.max_amount}`);
  if (input.q) {
    const pattern = `%${escapeLike(input.q)}%`;
    filters.push(
      or(
        sql`${ledgerTransfers.description} ilike ${pattern}`,
        sql`${ledgerTransfers.metadata}::text ilike ${pattern}`,
      ),
    );
  }
  if (input.cursor) filters.push(lt(ledgerEntries.id, BigInt(input.cursor)));
  const rows = await ctx.db
    .select({ entry: ledgerEntries, transfer: ledgerTransfers })
    .from(ledgerEntries)
    .innerJoin(ledgerTransfers, eq(ledgerTransfers.id, ledgerEntries.transferId))
    .where(and(...filters))
    .orderBy(desc(ledgerEntries.id))
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  return {
    data: page.map(({ entry, transfer }) => ({
      id: transfer.id,
      entry_id: entry.id.toString(),
      kind: transfer.kind,
      account: entry.accountId === credits ? "credits" : "receivable",
      amount: formatMicroCredits(entry.amount),
      direction: entry.amount > 0n ? "in" : "out",
      description: transfer.description,
      metadata: transfer.metadata,
      created_at: entry.createdAt,
    })),
    next_cursor: rows.length > input.limit ? (page.at(-1)?.entry.id.toString() ?? null) : null,
  };
}

export type UsageDay = { day: string; total: string; by_service: Record<string, string> };

/** Usage per UTC day and service for the last `days` days (oldest first, empty days included). */
export async function usageByDay({
  ctx,
  input: { days },
}: {
  ctx: OrgContext;
  input: UsageByDayInput;
}): Promise<UsageDay[]> {
  const at = nowMs();
  const first = at - (at % DAY_MS) - (days - 1) * DAY_MS;
  const rows = rowsOf<{ day: string; service: string; spent: string }>(
    await ctx.db.execute(sql`
      select to_char(date_trunc('day', e.created_at at time zone 'UTC'), 'YYYY-MM-DD') as day,
             coalesce(t.metadata->>'service', 'other') as service, sum(-e.amount)::text as spent
      from ${ledgerEntries} e
      join ${ledgerTransfers} t on t.id = e.transfer_id and t.kind = 'usage'
      where e.account_id = ${customerAccountId(ctx.org.id)}
        and e.created_at >= ${new Date(first).toISOString()}::timestamptz
      group by 1, 2`),
  );
  return Array.from({ length: days }, (_, i) => {
    const day = new Date(first + i * DAY_MS).toISOString().slice(0, 10);
    const services = rows.filter((r) => r.day === day);
    return {
      day,
      total: formatMicroCredits(services.reduce((sum, r) => sum + BigInt(r.spent), 0n)),
      by_service: Object.fromEntries(services.map((r) => [r.service, formatMicroCredits(BigInt(r.spent))])),
    };
  });
}
