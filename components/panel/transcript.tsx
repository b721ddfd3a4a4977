import { AlertTriangle, ArrowRightLeft, Languages, Loader2 } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { LANGUAGES, type LanguageCode, languageName } from "@/lib/languages";
import type { LiveTurn } from "./run-state";

// The transcript: one card per turn, its badges (seat, who served it, language, guest or own,
// fallback, language check, failure) and its text as it streams. Direction is decided per
// paragraph (`dir="auto"`), not per bubble, so an Arabic answer quoting an English name still
// reads right to left; code stays left to right.

type Block = { id: number; code: boolean; text: string };

/** Paragraphs and fenced code blocks, in order. */
export function blocksOf(text: string): Block[] {
  const blocks: Block[] = [];
  const parts = text.split(/```/);
  parts.forEach((part, i) => {
    if (i % 2 === 1) {
      blocks.push({ id: blocks.length, code: true, text: part.replace(/^\w*\n/, "") });
      return;
    }
    for (const paragraph of part.split(/\n+/))
      if (paragraph.trim()) blocks.push({ id: blocks.length, code: false, text: paragraph });
  });
  return blocks;
}

/**
 * The text as shown: without the local provider's "[local]" marker (the provider badge says it),
 * which would otherwise be the first strong character of an Arabic paragraph and turn it LTR.
 */
export function shownText(text: string): string {
  return text.replace(/^\[local\]\s*/, "");
}

function TurnText({ turn }: { turn: LiveTurn }) {
  const blocks = blocksOf(shownText(turn.text));
  if (blocks.length === 0 && !turn.final) {
    return (
      <p className="text-muted-foreground flex items-center gap-2 text-sm">
        <Loader2 className="size-4 animate-spin" aria-hidden /> Waiting for the first token…
      </p>
    );
  }
  return (
    <div className="grid gap-2 text-sm leading-relaxed" lang={turn.language}>
      {blocks.map((block) =>
        block.code ? (
          <pre
            key={block.id}
            dir="ltr"
            className="bg-muted overflow-x-auto rounded-md p-3 text-start font-mono text-xs"
          >
            {block.text}
          </pre>
        ) : (
          <p key={block.id} dir="auto" className="text-start whitespace-pre-wrap">
            {block.text}
          </p>
        ),
      )}
    </div>
  );
}

function TurnBadges({ turn }: { turn: LiveTurn }) {
  const final = turn.final;
  const served = final?.provider ? `${final.provider}/${final.model}` : turn.model;
  const rtl = LANGUAGES[turn.language as LanguageCode]?.rtl;
  return (
    <div className="flex flex-wrap items-center gap-1.5">
      <Badge variant="secondary">Seat {turn.seat}</Badge>
      <span className="font-medium">{turn.agentName}</span>
      <Badge
        variant="outline"
        title={final?.provider ? "The provider and model that served this turn" : "Requested"}
      >
        {served}
      </Badge>
      <Badge variant="outline" title={rtl ? "Written right to left" : undefined}>
        <Languages className="size-3" aria-hidden /> {languageName(turn.language)}
      </Badge>
      <Badge variant={turn.guest ? "default" : "secondary"}>{turn.guest ? "Guest" : "Own"}</Badge>
      {final?.fallback ? (
        <Badge
          variant="outline"
          className="border-amber-500/60 text-amber-400"
          title={final.failed_attempts.map((a) => `${a.provider}/${a.model}: ${a.error}`).join("\n")}
        >
          <ArrowRightLeft className="size-3" aria-hidden /> Fell back
        </Badge>
      ) : null}
      {final?.language_matches === false ? (
        <Badge variant="destructive">
          <AlertTriangle className="size-3" aria-hidden /> Answered in{" "}
          {languageName(final.detected_language ?? "?")}
        </Badge>
      ) : null}
      {final && final.status !== "completed" ? <Badge variant="destructive">{final.status}</Badge> : null}
    </div>
  );
}

export function Transcript({ turns }: { turns: LiveTurn[] }) {
  return (
    <ol className="grid gap-3" aria-label="Transcript">
      {turns.map((turn) => (
        <li
          key={turn.index}
          data-testid={`turn-${turn.index}`}
          data-status={turn.final?.status ?? "streaming"}
          className="bg-card grid gap-3 rounded-lg border p-4"
        >
          <div className="flex items-start justify-between gap-2">
            <TurnBadges turn={turn} />
            <span className="text-muted-foreground shrink-0 text-xs">
              Round {turn.round} · turn {turn.index + 1}
            </span>
          </div>
          <TurnText turn={turn} />
          {turn.final?.fallback ? (
            <ul className="text-muted-foreground ps-4 text-xs" aria-label="Why it fell back">
              {turn.final.failed_attempts
                .map((attempt, position) => ({ ...attempt, position }))
                .map((attempt) => (
                  <li key={attempt.position} className="list-disc">
                    {attempt.provider}/{attempt.model}: {attempt.error}
                  </li>
                ))}
            </ul>
          ) : null}
          {turn.final?.error ? (
            <p className="text-destructive text-xs" role="status">
              {turn.final.error.message}
              {turn.final.failed_attempts.length > 0
                ? ` (tried ${turn.final.failed_attempts.map((a) => `${a.provider}/${a.model}`).join(", ")})`
                : ""}
            </p>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
