package touchpoint

// Outcome says whether a touchpoint achieved what the customer came for. The
// zero value is [OK], so a touchpoint without a recorded problem is a
// success. What went wrong and how it was put right are recorded as a
// journey.Failure and journey.Recovery; Outcome is the quick flag on the
// touchpoint itself.
type Outcome uint8

// The outcomes.
const (
	OK     Outcome = iota // the interaction did what the customer wanted
	Failed                // the interaction failed (item out of stock, call dropped, ...)
)

// String returns "ok" or "failed", the stable form used in JSON and SQL.
func (o Outcome) String() string {
	switch o {
	case OK:
		return "ok"
	case Failed:
		return "failed"
	}
	return "outcome(" + itoa(int(o)) + ")"
}

// ParseOutcome parses "ok" or "failed".
func ParseOutcome(s string) (Outcome, error) {
	switch s {
	case "ok":
		return OK, nil
	case "failed":
		return Failed, nil
	}
	return 0, Invalid("touchpoint", "outcome", s, `must be "ok" or "failed"`)
}

// Validate reports whether o is OK or Failed.
func (o Outcome) Validate() error {
	if o > Failed {
		return Invalid("touchpoint", "outcome", o.String(), `must be "ok" or "failed"`)
	}
	return nil
}

// MarshalText implements [encoding.TextMarshaler].
func (o Outcome) MarshalText() ([]byte, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	return []byte(o.String()), nil
}

// UnmarshalText implements [encoding.TextUnmarshaler].
func (o *Outcome) UnmarshalText(b []byte) error {
	v, err := ParseOutcome(string(b))
	if err != nil {
		return err
	}
	*o = v
	return nil
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	neg := n < 0
	if neg {
		n = -n
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}
