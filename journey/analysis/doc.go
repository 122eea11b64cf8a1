// Package analysis looks at many journeys at once: where customers drop out
// of a funnel, which paths they take, how activities follow one another,
// which channels earn the conversions, what drives the experience, and how
// cohorts of first purchases compare.
//
// Looking at the whole journey rather than single touchpoints is what
// customer-experience management is about (Rawson, Duncan & Jones, HBR 2013);
// this package supplies the process-mining and marketing-analytics views of
// it:
//
//   - [Funnel]: how many journeys reach each step of an ordered list of
//     stages, within a time window, with conversion, drop-off and the time
//     between steps.
//   - [Variants]: the distinct activity sequences with their counts, shares and
//     durations (van der Aalst, "Process Mining", 2016, ch. 7).
//   - [DirectlyFollows]: the directly-follows graph with frequencies,
//     durations, start and end activities and rework, exportable as Graphviz
//     DOT (van der Aalst 2016; Leemans, Poppe & Wynn 2019).
//   - [Attribute]: Markov-chain attribution (Anderl, Becker, von Wangenheim &
//     Schumann 2016) solved exactly from the absorbing chain, beside the
//     first-touch, last-touch and linear heuristics.
//   - [KeyDrivers]: which stages, channels, failure kinds and recovery
//     actions explain a journey score or a loyalty outcome, by Johnson's
//     (2000) relative weights and standardised regression coefficients.
//   - [Cohorts]: score and loyalty-ladder distributions by the period of the
//     first purchase.
//
// Every analysis reads a stream of journeys ([iter.Seq]) once and keeps
// memory bounded by what it counts (distinct activities, variants, chain
// states, features, cohorts), never by the number of journeys, so it scales
// to a whole store: [Stream] adapts a store's iter.Seq2 of journeys and
// errors. Durations and score quantiles are exact for up to 512 values and
// then come from a relative-error sketch (Masson, Rim & Lee, "DDSketch",
// VLDB 2019) accurate to 1%. No journey is retained or modified.
//
// An activity is what a touchpoint did, at the [Grain] the caller chooses:
// its stage, its stage and channel, or its channel.
//
// Bad configuration is refused with a *touchpoint.ValidationError; empty
// input gives a defined, zero-valued report, never NaN. The one analysis
// without a meaningful empty result, attribution, returns
// [ErrNoConversions]. The functions have no package-level state and are safe
// for concurrent use; callback functions the caller passes must be too if
// the caller runs analyses concurrently.
package analysis
