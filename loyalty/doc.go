// Package loyalty turns experience into loyalty measures: where each
// customer stands on the loyalty ladder and why, survey statistics with
// honest confidence intervals, and the share of wallet that loyalty earns.
//
// # The ladder
//
// A customer climbs from [Prospect] to [FirstTime] customer, [Satisfied]
// (may come back), [Loyal] (comes back for sure) and [Advocate] (comes back
// and recommends the business), and may fall back down (Oliver, "Whence
// Consumer Loyalty?", Journal of Marketing 1999). [Rules] decide the rung
// from the journey's purchases and their recency, survey answers,
// advocacy touchpoints (a recommendation, or a bad review that counts as
// dissatisfaction), unresolved failures and, optionally, a journey score; the zero Rules are documented retail defaults. [Rules.Place]
// returns the [Placement] at a moment with the [Evidence] it rests on, and
// [Rules.History] replays a journey into its [Move]s, up and down.
//
// # Survey statistics
//
// A [Tally] counts NPS, CSAT and CES answers. [Tally.NPS] gives the Net
// Promoter Score (Reichheld 2003) with an adjusted-Wald interval (Rocks
// 2016), [Tally.CSAT] the top-two-box share with a Wilson interval, and
// [Tally.CES] the mean effort (Dixon, Freeman & Toman 2010) with a Student t
// interval whose spread is floored so that identical answers do not claim
// certainty, each with its sample size: an NPS from 30 answers is not a
// fact. [Segment] tallies a stream of touchpoints per channel, stage,
// attribute (a store id) or calendar period ([ByPeriod] refuses a period it
// does not know), skipping touchpoints without a survey answer, and
// [NPSChange], [CSATChange] and [CESChange] test whether a change between
// two periods is more than noise. Answers off their scale are a
// *[touchpoint.ValidationError].
//
// # Share of wallet
//
// [WalletShares] applies the Wallet Allocation Rule (Keiningham et al.
// 2015) to one customer's ranking of the brands they use, with ties given
// average ranks, and [AverageWalletShares] averages it per brand over
// customers.
//
// The customer-lifetime (buy-till-you-die) models live in package
// loyalty/clv.
//
// The package has no I/O and no mutable package-level state; its functions
// are safe for concurrent use, Tally values excepted (see [Tally]).
package loyalty
