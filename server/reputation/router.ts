import { infinitePage } from "../schemas";
import { router } from "../trpc/init";
import { orgProcedure } from "../trpc/procedures";
import { history, recentFeedback } from "./history";
import { leaderboard } from "./leaderboard";
import { FeedbackInput, HistoryInput, LeaderboardInput, RecentFeedbackInput, ScoreRef } from "./schemas";
import { getScore } from "./score";
import { recordFeedback } from "./service";

/** The leaderboard as an infinite query pages it (tRPC adds `direction`). */
const LeaderboardPage = infinitePage(LeaderboardInput);

export const reputationRouter = router({
  score: orgProcedure.input(ScoreRef).query(({ ctx, input }) => getScore({ ctx: ctx.service, input })),
  feedback: orgProcedure
    .input(FeedbackInput)
    .mutation(({ ctx, input }) => recordFeedback({ ctx: ctx.service, input })),
  recentFeedback: orgProcedure
    .input(RecentFeedbackInput)
    .query(({ ctx, input }) => recentFeedback({ ctx: ctx.service, input })),
  leaderboard: orgProcedure
    .input(LeaderboardPage)
    .query(({ ctx, input: { direction: _, ...input } }) => leaderboard({ ctx: ctx.service, input })),
  history: orgProcedure.input(HistoryInput).query(({ ctx, input }) => history({ ctx: ctx.service, input })),
});
