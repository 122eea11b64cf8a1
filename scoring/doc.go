// Package scoring turns a customer's [journey.Journey] into one number that
// says how the whole experience went, and explains that number in words a
// CX analyst understands.
//
// Research on customer experience finds that satisfaction with the journey
// as a whole predicts overall satisfaction and loyalty better than
// satisfaction with single touchpoints (Rawson, Duncan & Jones, "The Truth
// About Customer Experience", HBR 2013). A [Scorer] is one model of how a
// customer sums a journey up. The package ships seven, each a plain struct
// whose zero value holds documented defaults:
//
//   - [Mean]: the mean of the touchpoint feedback, the baseline.
//   - [Weighted]: a mean weighted per stage and per channel.
//   - [Recency]: a mean in which older feedback decays with a half-life.
//   - [PeakEnd]: the peak-end rule (Kahneman et al. 1993).
//   - [Effort]: customer effort (Dixon, Freeman & Toman 2010).
//   - [Recovery]: failures and recoveries judged by justice theory (Tax,
//     Brown & Chandrashekaran 1998; Smith, Bolton & Wagner 1999), with the
//     recovery paradox as an explicit, configurable effect.
//   - [Composite]: a weighted blend of other scorers.
//
// A host may plug in its own model by implementing [Scorer]; the rules every
// implementation must keep are written on the interface.
//
// # The scale
//
// Every score lies on 0–100, where 0 is the worst experience a model can
// describe, 100 the best and [Neutral] (50) the middle. Survey answers on
// their own scales (CSAT 1–5, NPS 0–10, CES 1–7 with lower better, sentiment
// −1..1) are mapped onto it in one place, [Satisfaction]. A journey without
// any feedback scores [Neutral] with [Result.Evidence] 0 under the
// feedback-based models: no evidence is neither good nor bad.
//
// # Explanations
//
// [Scorer.Score] returns the score and its evidence and allocates nothing in
// the built-in models. [Explain] (or [Explainer.Explain]) returns the same
// score with [Result.Contributions]: the baseline and each touchpoint,
// failure and recovery that moved the score, with the points it moved. The
// points always add up to the score.
//
// # Configuration, batches and summaries
//
// A host stores its choice of model as JSON in a [Config] and gets a Scorer
// back from [FromConfig]. [ScoreAll] scores a stream of journeys with a
// bounded number of workers, in input order; [Summarize] and [Collector]
// describe a population of scores (mean, standard deviation, quantiles),
// also per channel and per stage. [Bands] sorts a score into at-risk,
// steady or delighted.
//
// The package has no mutable package-level state; every built-in scorer is
// safe for concurrent use once configured.
package scoring
