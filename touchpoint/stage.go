package touchpoint

// Stage is the step of the customer experience a touchpoint belongs to. The
// predefined stages follow the life of a purchase, from first contact to
// recommending the business; a host may define its own with a well-formed
// name (see [Stage.Validate]). The string form is stable: it is what JSON and
// the SQL adapter store. The zero value is not a valid stage.
type Stage string

// The predefined stages, in the order a typical purchase passes them.
const (
	Arrival    Stage = "arrival"    // arriving or becoming aware: entering the shop, landing on the site
	Browse     Stage = "browse"     // browsing or searching for a product
	Assistance Stage = "assistance" // asking a question, getting advice
	Purchase   Stage = "purchase"   // buying: checkout, payment
	Delivery   Stage = "delivery"   // receiving the goods or service
	Usage      Stage = "usage"      // using what was bought
	Support    Stage = "support"    // getting help after the purchase
	Return     Stage = "return"     // returning or exchanging an item
	Advocacy   Stage = "advocacy"   // recommending, referring, reviewing
)

// Stages returns the predefined stages in lifecycle order.
func Stages() []Stage {
	return []Stage{Arrival, Browse, Assistance, Purchase, Delivery, Usage, Support, Return, Advocacy}
}

// ParseStage returns s as a Stage after checking its syntax. It accepts
// host-defined names as well as the predefined ones.
func ParseStage(s string) (Stage, error) {
	st := Stage(s)
	if err := st.Validate(); err != nil {
		return "", err
	}
	return st, nil
}

// Validate reports whether s is a well-formed stage name, with the same
// syntax as a channel name. It returns a [*ValidationError] otherwise.
func (s Stage) Validate() error { return checkName("stage", string(s)) }

// Order returns the position of a predefined stage in [Stages] (0 for
// Arrival, 8 for Advocacy) and -1 for a host-defined stage.
func (s Stage) Order() int {
	switch s {
	case Arrival:
		return 0
	case Browse:
		return 1
	case Assistance:
		return 2
	case Purchase:
		return 3
	case Delivery:
		return 4
	case Usage:
		return 5
	case Support:
		return 6
	case Return:
		return 7
	case Advocacy:
		return 8
	}
	return -1
}

// Predefined reports whether s is one of the stages cem defines.
func (s Stage) Predefined() bool { return s.Order() >= 0 }

// String returns the stage's name.
func (s Stage) String() string { return string(s) }

// MarshalText implements [encoding.TextMarshaler]; it fails on a malformed
// stage.
func (s Stage) MarshalText() ([]byte, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	return []byte(s), nil
}

// UnmarshalText implements [encoding.TextUnmarshaler] and validates the name.
func (s *Stage) UnmarshalText(b []byte) error {
	v, err := ParseStage(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}
