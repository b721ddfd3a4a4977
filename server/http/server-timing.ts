// Per-stage durations of one request, sent back as a Server-Timing header (visible in browser
// dev tools, and how `npm run bench:echo` attributes cost to each pipeline stage).

export class StageTimer {
  private last = performance.now();
  private readonly stages: [string, number][] = [];

  /** Closes the stage that ran since the previous mark (or since the timer started). */
  mark(stage: string): void {
    const now = performance.now();
    this.stages.push([stage, now - this.last]);
    this.last = now;
  }

  header(): string {
    return this.stages.map(([stage, ms]) => `${stage};dur=${ms.toFixed(2)}`).join(", ");
  }
}
