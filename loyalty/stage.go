package loyalty

import "github.com/cemkit/cem/touchpoint"

// Stage is a rung of the loyalty ladder: how far a customer has come from
// a prospect to an advocate. Stages are ordered, so Loyal > Satisfied holds
// and a move from a higher to a lower stage is a demotion.
//
// The ladder follows the loyalty phases of Oliver ("Whence Consumer
// Loyalty?", Journal of Marketing 1999): a customer who is satisfied may come
// back, a loyal one comes back for sure, and an advocate also recommends the
// business to others, which is what the Net Promoter question asks about
// (Reichheld 2003).
//
// The zero value is [Prospect]. The string forms ("prospect", "first_time",
// "satisfied", "loyal", "advocate") are stable: they are what JSON and the
// stores keep.
type Stage uint8

// The ladder's stages, from the bottom up.
const (
	Prospect  Stage = iota // known to the business, has not bought yet
	FirstTime              // has bought, but the evidence does not show satisfaction
	Satisfied              // has bought and shows no sign of dissatisfaction: may come back
	Loyal                  // satisfied and buys again and recently: comes back for sure
	Advocate               // loyal and recommends the business: a promoter answer or a referral
)

var stageNames = [...]string{"prospect", "first_time", "satisfied", "loyal", "advocate"}

// Stages returns the ladder's stages from the bottom up.
func Stages() []Stage { return []Stage{Prospect, FirstTime, Satisfied, Loyal, Advocate} }

// String returns the stage's stable name, e.g. "first_time".
func (s Stage) String() string {
	if int(s) < len(stageNames) {
		return stageNames[s]
	}
	return "stage(" + itoa(int(s)) + ")"
}

// ParseStage parses the names [Stage.String] returns. Anything else is a
// *[touchpoint.ValidationError].
func ParseStage(s string) (Stage, error) {
	for i, n := range stageNames {
		if n == s {
			return Stage(i), nil
		}
	}
	return 0, invalid("stage", s, "must be one of prospect, first_time, satisfied, loyal, advocate")
}

// Validate reports whether s is one of the five stages.
func (s Stage) Validate() error {
	if int(s) >= len(stageNames) {
		return invalid("stage", s.String(), "must be one of prospect, first_time, satisfied, loyal, advocate")
	}
	return nil
}

// MarshalText implements [encoding.TextMarshaler]; it refuses an undefined
// stage.
func (s Stage) MarshalText() ([]byte, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	return []byte(s.String()), nil
}

// UnmarshalText implements [encoding.TextUnmarshaler].
func (s *Stage) UnmarshalText(b []byte) error {
	v, err := ParseStage(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// invalid builds the package's *touchpoint.ValidationError.
func invalid(field, value, rule string) error {
	return touchpoint.Invalid("loyalty", field, value, rule)
}
