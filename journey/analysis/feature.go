package analysis

import (
	"cmp"

	"github.com/cemkit/cem/journey"
)

// FeatureKind says what a [Feature] records about a journey.
type FeatureKind uint8

// The feature kinds, each a yes/no fact about a journey.
const (
	StageReached   FeatureKind = iota + 1 // a touchpoint at the stage
	ChannelUsed                           // a touchpoint on the channel
	FailureKind                           // a failure of the kind
	RecoveryAction                        // a recovery attempt with the action
)

// String returns "stage", "channel", "failure" or "action".
func (k FeatureKind) String() string {
	switch k {
	case StageReached:
		return "stage"
	case ChannelUsed:
		return "channel"
	case FailureKind:
		return "failure"
	case RecoveryAction:
		return "action"
	}
	return "unknown"
}

// Feature is one candidate driver: a yes/no fact about a journey, such as
// "reached the support stage" or "had a late delivery".
type Feature struct {
	Kind FeatureKind
	Name string
}

// String returns e.g. "stage:support" or "action:apology".
func (f Feature) String() string { return f.Kind.String() + ":" + f.Name }

// Compare orders features by kind, then name.
func (f Feature) Compare(g Feature) int {
	return cmp.Or(cmp.Compare(f.Kind, g.Kind), cmp.Compare(f.Name, g.Name))
}

// appendFeatures appends the features present in j, possibly with
// duplicates.
func appendFeatures(fs []Feature, j *journey.Journey) []Feature {
	for _, tp := range j.Touchpoints() {
		fs = append(fs, Feature{StageReached, string(tp.Stage)}, Feature{ChannelUsed, string(tp.Channel)})
	}
	for _, f := range j.Failures() {
		fs = append(fs, Feature{FailureKind, string(f.Kind)})
	}
	for _, r := range j.Recoveries() {
		for _, name := range r.Actions.Names() {
			fs = append(fs, Feature{RecoveryAction, name})
		}
	}
	return fs
}
