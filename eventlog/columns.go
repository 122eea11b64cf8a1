package eventlog

import "strings"

// Columns maps a touchpoint's fields to the headers of a CSV event log, so
// that a host's existing export is read as it is. An empty name means the
// default header, shown in brackets; "-" means the file has no such column.
// Headers match without regard to case or surrounding spaces.
//
// In event-log terms (van der Aalst, "Process Mining", 2016) the customer is
// the case and the stage the activity: an export with
// "case:concept:name", "concept:name" and "time:timestamp" maps as
//
//	eventlog.Columns{CustomerID: "case:concept:name", Stage: "concept:name", Time: "time:timestamp"}
type Columns struct {
	ID         string // the event id: a UUID, or the host's own key [id]
	CustomerID string // the case id [customer_id]; required
	Time       string // the timestamp [time]; required
	Channel    string // [channel]; required unless CSVOptions.DefaultChannel is set
	Stage      string // the activity [stage]; required
	Outcome    string // "ok" or "failed", empty for ok [outcome]
	CSAT       string // [csat]
	NPS        string // [nps]
	CES        string // [ces]
	Sentiment  string // [sentiment]
	Amount     string // the value's amount [amount]
	Currency   string // the value's ISO 4217 currency [currency]
	Duration   string // a Go duration ("1m30s") or decimal seconds ("90.5") [duration]
	Wait       string // the same [wait]
	// Attributes is a column holding the attributes as a JSON object of
	// strings [attributes].
	Attributes string
	// Extra lists further headers whose non-empty values become
	// attributes: a host's "store_id" or "agent". Like every header they
	// match without regard to case; the attribute's key is the header as
	// spelled in the file, trimmed of surrounding spaces, so Extra
	// "storeid" reads a "StoreID" column into attribute "StoreID". An
	// Extra cell never overrides the attributes column: a key both hold
	// must have the same value there (as [CSVWriter] writes it), or the
	// row is bad. The cells are read verbatim, not trimmed.
	Extra []string
}

// field is one touchpoint field that a CSV column can hold.
type field uint8

const (
	fID field = iota
	fCustomer
	fTime
	fChannel
	fStage
	fOutcome
	fCSAT
	fNPS
	fCES
	fSentiment
	fAmount
	fCurrency
	fDuration
	fWait
	fAttributes
	numFields
)

// defaultNames returns the default headers, which are also the JSON names
// that touchpoint.ValidationError.Field uses for the same fields.
func defaultNames() [numFields]string {
	return [numFields]string{
		"id", "customer_id", "time", "channel", "stage", "outcome", "csat", "nps", "ces",
		"sentiment", "amount", "currency", "duration", "wait", "attributes",
	}
}

// jsonField maps the Field of a touchpoint.ValidationError to a column.
func jsonField(name string) (field, bool) {
	switch {
	case strings.HasPrefix(name, "feedback."):
		name = strings.TrimPrefix(name, "feedback.")
	case strings.HasPrefix(name, "value"):
		return fAmount, true
	case strings.HasPrefix(name, "attributes"):
		return fAttributes, true
	}
	for f, n := range defaultNames() {
		if n == name {
			return field(f), true
		}
	}
	return 0, false
}

// names returns the header of every field, "" for a field without a
// column.
func (c Columns) names() [numFields]string {
	given := [numFields]string{
		c.ID, c.CustomerID, c.Time, c.Channel, c.Stage, c.Outcome, c.CSAT, c.NPS, c.CES,
		c.Sentiment, c.Amount, c.Currency, c.Duration, c.Wait, c.Attributes,
	}
	var out [numFields]string
	def := defaultNames()
	for f, n := range given {
		switch n {
		case "":
			out[f] = def[f]
		case "-":
		default:
			out[f] = n
		}
	}
	return out
}

func normalise(h string) string { return strings.ToLower(strings.TrimSpace(h)) }

// required reports the fields a reader cannot do without.
func required(f field, opt *CSVOptions) bool {
	switch f {
	case fCustomer, fTime, fStage:
		return true
	case fChannel:
		return opt.DefaultChannel == ""
	}
	return false
}
