// Package journey assembles one customer's touchpoints, across every
// channel, into a [Journey], and records what went wrong ([Failure]) and how
// the business tried to put it right ([Recovery]).
//
// The journey, not the single touchpoint, is what a customer remembers and
// what predicts satisfaction and loyalty (Rawson, Duncan & Jones, HBR
// 2013). A journey keeps its events in time order with a deterministic tie
// break, so the order in which a host feeds events in never changes it, and
// re-sending an event is harmless.
//
// Failures and recoveries follow service-recovery research: a failure has a
// [Kind], a [Severity] and the customer's loss; each recovery attempt
// records its actions (apology, explanation, refund, replacement, discount,
// expedited service, follow-up), who took the initiative, how many contacts
// the customer needed, any compensation, and when — if at all — it resolved
// the failure. Those are the inputs of the justice dimensions that
// customers judge a recovery by (Tax, Brown & Chandrashekaran 1998; Smith,
// Bolton & Wagner 1999), which package scoring turns into a score.
//
// Bad input is refused with a *touchpoint.ValidationError and leaves the
// journey unchanged.
package journey
