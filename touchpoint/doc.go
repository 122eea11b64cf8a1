// Package touchpoint defines one interaction between a customer and the
// business, the smallest unit of customer experience that cem records.
//
// A [Touchpoint] happens on a [Channel] (store, web, phone, ...) at a
// [Stage] of the experience (arrival, browse, purchase, delivery, support,
// return, advocacy, ...). It may carry the customer's [Feedback] (CSAT, NPS,
// CES, sentiment, each optional: an absent answer is not a zero answer), the
// [Money] involved, how long it took and how long the customer waited, and a
// bounded set of free-form attributes.
//
// Channels and stages are open sets: the predefined ones are constants, and
// a host may use its own names ("kiosk", "installation") as long as they are
// well formed. Their string forms are stable and are what JSON and SQL
// store.
//
// IDs are UUIDs. [NewID] returns a time-ordered version 7 UUID; [IDFromKey]
// derives a stable version 5 UUID from the host's own event key, so a
// re-sent event is recognised and stored once.
//
// Every value is checked by a Validate method that returns a
// [*ValidationError] naming the field, the bad value and the rule;
// errors.Is(err, [ErrInvalid]) matches all of them. [Limits] bounds what is
// accepted (how far in the future a time may lie, attribute sizes); its
// zero value holds the documented defaults.
//
// The package has no I/O and no mutable package-level state; all its
// functions are safe for concurrent use.
package touchpoint
