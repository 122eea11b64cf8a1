// Package cem is an embeddable library for customer-experience management:
// it turns what happened to a business's customers — in the store, on the
// web, on the phone — into journeys, scores them, tracks loyalty and keeps
// everything in memory or in the host's own SQL database.
//
// This package holds only documentation and a runnable end-to-end example;
// the code lives in the packages below.
//
// # The flow
//
//	touchpoints ──▶ journey ──▶ score ──▶ loyalty ──▶ store
//
// Step by step:
//
//  1. A host records each meeting with a customer as a
//     [touchpoint.Touchpoint]: when, on which channel, at which stage, how it
//     went, what the customer answered (CSAT, NPS, CES), what money was
//     involved.
//  2. Package [journey] orders one customer's touchpoints across channels
//     into a [journey.Journey] and records failures (out of stock, wrong
//     item, late delivery, ...) and the recovery attempts that followed
//     (apology, refund, replacement, discount, ...). The journey as a whole
//     is what the customer remembers (Rawson, Duncan & Jones, HBR 2013).
//  3. Package scoring turns a journey into a score with an explanation,
//     using pluggable strategies grounded in research: peak-end (Kahneman
//     et al. 1993), effort (Dixon, Freeman & Toman 2010), service recovery
//     and justice theory (Tax, Brown & Chandrashekaran 1998; Smith, Bolton
//     & Wagner 1999), and blends of them.
//  4. Package loyalty places customers on the ladder prospect → first-time
//     → satisfied → loyal → advocate, computes NPS, CSAT and CES with
//     confidence intervals and share of wallet; loyalty/clv fits the
//     buy-till-you-die models (BG/NBD, Pareto/NBD, Gamma-Gamma, ...) that
//     say whether a customer will come back and what they are worth.
//  5. Package store keeps events, scores and ladder stages per tenant:
//     store/memstore in memory, store/sqlstore in SQLite (the embedded
//     default), PostgreSQL or MySQL/MariaDB, next to the host's own tables.
//
// # Package map
//
// Dependencies point down only:
//
//	touchpoint        channels, stages, one interaction, feedback, money
//	journey           one customer's ordered touchpoints, failures, recoveries
//	  journey/simulate   seeded generator of realistic journeys
//	  journey/analysis   funnels, variants, directly-follows graphs, attribution
//	eventlog          CSV and JSON Lines import and export
//	scoring           Scorer interface, built-in strategies, explanations, batch
//	loyalty           ladder, NPS/CSAT/CES statistics, share of wallet
//	  loyalty/clv        BG/NBD, Pareto/NBD, MBG/NBD, BG/BB, Gamma-Gamma, CLV
//	store             Store interface, errors, query and snapshot types
//	  store/memstore     in-memory adapter
//	  store/sqlstore     database/sql adapter: SQLite, PostgreSQL, MySQL/MariaDB
//	  store/storetest    the conformance suite every adapter runs
//
// # Errors
//
// Bad input is refused with a [*touchpoint.ValidationError] naming the
// field, the value and the rule, and leaves stored data exactly as it was;
// errors.Is(err, [touchpoint.ErrInvalid]) matches every such error. The
// library never panics on input and never logs unless the host passes it a
// *slog.Logger.
//
// # JSON schema, version 1
//
// Touchpoints, failures, recoveries and journeys encode to JSON with
// snake_case fields. Times are RFC 3339 in UTC with up to nanosecond
// precision; durations are Go duration strings ("1m30s"); money is
// {"amount":"19.99","currency":"EUR"} with the amount as a string so that
// no reader turns it into a float; absent optional fields are omitted.
// Decoders reject unknown fields and validate everything against their
// limits; encoders check only syntax (names, scales, money, UTF-8), never
// sizes, so data accepted under larger [touchpoint.Limits] still exports.
//
//	touchpoint: {"id", "customer_id", "time", "channel", "stage",
//	             "outcome": "ok"|"failed",
//	             "feedback"?: {"csat"?, "nps"?, "ces"?, "sentiment"?},
//	             "value"?: money, "duration"?, "wait"?,
//	             "attributes"?: {string: string}}
//	failure:    {"id", "customer_id", "time", "kind", "severity":
//	             "minor"|"moderate"|"major"|"critical", "channel",
//	             "touchpoint_id"?, "loss"?: money, "note"?}
//	recovery:   {"id", "failure_id", "customer_id", "time", "resolved_at"?,
//	             "actions": ["apology"|"explanation"|"refund"|"replacement"|
//	                         "discount"|"expedite"|"follow_up", ...],
//	             "compensation"?: money, "initiative": "customer"|"business",
//	             "channel", "contacts"?}
//	journey:    {"version": 1, "customer_id", "touchpoints": [...],
//	             "failures": [...], "recoveries": [...]}
//
// The version changes only when a change would make an old reader misread
// new data.
package cem
