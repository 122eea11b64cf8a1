// Package simulate generates realistic customer journeys from a seeded model
// of a customer base, for test suites, demos and checking models against a
// known truth, and builds single journeys from a readable story.
//
// # A customer base
//
// [Generate] streams one [journey.Journey] per customer ([iter.Seq2]), so a
// million journeys never sit in memory at once; [Customers] adds the truth
// behind each journey, and [Summaries] draws only the repeat-buying records,
// fast. A [Config] describes the model ([DefaultConfig] is a documented,
// realistic one):
//
//   - purchases follow the BG/NBD buy-till-you-die process with given
//     parameters (Fader, Hardie & Lee 2005), so a loyalty model fitted to
//     the output can be checked against the parameters that made it;
//     order values follow the Gamma-Gamma spend model;
//   - each purchase is an episode that walks a Markov [Chain] over stages
//     (arrive → browse → ask → check out → delivery → support → return →
//     recommend) on the customer's channels, switching channel now and
//     then: a store visit, then a call, then the web site;
//   - touchpoints fail by stage and [FailureRule] (out of stock, wrong item,
//     late delivery, ...) with a loss, and the business recovers under a
//     [Policy]: which actions, after what delay, who takes the initiative,
//     how often an attempt goes nowhere (Tax, Brown & Chandrashekaran 1998;
//     Smith, Bolton & Wagner 1999);
//   - survey answers follow from what happened ([FeedbackModel]), including
//     an explicit, configurable recovery paradox (de Matos, Henrique & Rossi
//     2007) that a second failure removes (Maxham & Netemeyer 2002);
//   - customers differ in mood, proneness to failures, home channel,
//     purchase rate, dropout probability and spend.
//
// # Determinism
//
// The simulator never reads the clock or a global random source: times
// start at [Config.Start] and randomness comes from math/rand/v2 PCG streams
// seeded from the seed and the customer's index. The same Config and seed
// give the same journeys, IDs included, on every run; the first n customers
// of a run do not depend on how many follow. Floating-point results are
// those of Go's math package on the machine's architecture; Go may fuse
// multiply-adds on some architectures (arm64, ppc64, s390x), so bit-for-bit
// equality across architectures is not promised.
//
// Generated journeys validate against [Config.Limits], whose clock stands
// still a year after the observation ends, so a simulation of the future
// validates; events that random delays would place after that clock are
// left out, as unobserved. A host that passes them to a store with a real clock should
// choose a Start far enough in the past.
//
// # Stories
//
// [Scenario] builds one journey from a story that reads like the brief's:
//
//	simulate.Scenario("c-42", start).
//		Arrive(touchpoint.Store).Browse(touchpoint.Store).
//		Fail(journey.OutOfStock, journey.Moderate, "12.50").
//		After(26 * time.Hour).Call().Recover(journey.Apology|journey.Discount, "10.00").
//		After(time.Hour).Buy(touchpoint.Web, "89.00").Recommend().
//		Journey()
//
// # Errors
//
// A Config that does not make sense (probabilities that do not sum to 1,
// negative rates or delays, a chain that can end without a purchase) is
// refused with a *touchpoint.ValidationError naming the field, such as
// "chain[browse]" or "policies[1].delay". Nothing in the package panics on
// input; nothing holds package-level state, and every function is safe for
// concurrent use.
package simulate
