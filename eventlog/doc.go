// Package eventlog imports and exports customer events as files: CSV event
// logs, the form every CRM, shop system and process-mining tool can export,
// and JSON Lines in cem's own JSON schema.
//
// # CSV
//
// A CSV event log has a header row and one touchpoint per row, in the
// usual event-log convention (van der Aalst, "Process Mining", 2016): the
// case (here the customer id), the activity (the stage) and the
// timestamp, plus optional columns for the channel, the outcome, CSAT, NPS,
// CES, sentiment, an amount and currency, duration, wait and attributes.
// [Columns] maps those fields to the host's own headers, [CSVOptions] maps
// its activity and channel names and its time layout, so an existing export
// is read without rewriting it. [CSVWriter] writes the default headers:
//
//	id,customer_id,time,channel,stage,outcome,csat,nps,ces,sentiment,amount,currency,duration,wait,attributes
//	0195…,c-42,2026-03-14T10:10:00Z,store,browse,failed,,,,,,,,,"{""sim_policy"":""none""}"
//
// CSV holds touchpoints only; failures and recoveries travel as JSON Lines.
//
// # JSON Lines
//
// Each line is one event wrapped with its type:
//
//	{"type":"touchpoint","event":{"id":"…","customer_id":"c-42","time":"…","channel":"store","stage":"browse","outcome":"failed"}}
//	{"type":"failure","event":{"id":"…","customer_id":"c-42","time":"…","kind":"out_of_stock","severity":"moderate","channel":"store"}}
//	{"type":"recovery","event":{"id":"…","failure_id":"…","customer_id":"c-42","time":"…","actions":["apology"],"initiative":"customer","channel":"phone"}}
//
// "type" is "touchpoint", "failure" or "recovery"; "event" is the value in
// cem's JSON schema (see package cem), decoded strictly. The wrapper keeps
// the type explicit rather than guessed from fields, and leaves the schema
// of each event exactly the one the rest of cem reads and writes.
// [JSONLWriter.WriteJourney] writes a journey's failures before its
// recoveries; [Journeys] accepts events in any order.
//
// # Streaming and bad input
//
// Readers stream ([iter.Seq2]) in both directions' natural order and keep
// one row in memory. A bad row is a *[ParseError] naming the line, the
// column and the field, which unwraps to the *touchpoint.ValidationError
// behind it (or to the *csv.ParseError of a CSV syntax error). Under the
// [Stop] policy the first bad row ends the stream; [Collect] and
// [Journeys] then return nothing, so nothing is half-imported. Under
// [Skip] bad rows are left out and listed in the reader's [Report], up to
// a limit ([ErrTooManyBad]). A bad header ends the stream under either
// policy.
//
// Every event, touchpoint, failure or recovery, is validated against the
// reader's touchpoint.Limits, so a simulation set in the future reads back
// with the limits it was generated with. Writers check syntax only
// (touchpoint.SyntaxOnly), never the size bounds of the limits, so events
// accepted under larger limits export too and read back with those limits.
//
// Readers and writers are not safe for concurrent use; the package holds no
// package-level state.
package eventlog
