package analysis

import (
	"cmp"

	"github.com/cemkit/cem/touchpoint"
)

// Grain says what makes two touchpoints the same activity in [Variants] and
// [DirectlyFollows]. The zero value is [ByStage].
type Grain uint8

// The grains.
const (
	ByStage        Grain = iota // the stage: "purchase"
	ByStageChannel              // the stage on its channel: "purchase@web"
	ByChannel                   // the channel: "web"
)

// Validate reports whether g is one of the defined grains.
func (g Grain) Validate() error {
	if g > ByChannel {
		return invalidInt("grain", int64(g), "must be ByStage, ByStageChannel or ByChannel")
	}
	return nil
}

// Of returns the activity of tp at grain g.
func (g Grain) Of(tp touchpoint.Touchpoint) Activity {
	switch g {
	case ByStageChannel:
		return Activity{Stage: tp.Stage, Channel: tp.Channel}
	case ByChannel:
		return Activity{Channel: tp.Channel}
	default:
		return Activity{Stage: tp.Stage}
	}
}

// Activity is what a touchpoint did, at some [Grain]: a stage, a stage on a
// channel, or a channel. The field the grain leaves out is empty.
type Activity struct {
	Stage   touchpoint.Stage
	Channel touchpoint.Channel
}

// String returns "purchase", "purchase@web" or "web".
func (a Activity) String() string {
	switch {
	case a.Channel == "":
		return string(a.Stage)
	case a.Stage == "":
		return string(a.Channel)
	default:
		return string(a.Stage) + "@" + string(a.Channel)
	}
}

// Compare orders activities by stage, then channel; it suits
// slices.SortFunc.
func (a Activity) Compare(b Activity) int {
	if a.Stage != b.Stage {
		return cmp.Compare(a.Stage, b.Stage)
	}
	return cmp.Compare(a.Channel, b.Channel)
}

// activityIndex numbers distinct activities as they are first seen, so the
// analyses count in slices and small maps keyed by int.
type activityIndex struct {
	ids  map[Activity]int
	list []Activity
}

func newActivityIndex() *activityIndex {
	return &activityIndex{ids: make(map[Activity]int)}
}

// id returns a's number, assigning the next one on first sight.
func (x *activityIndex) id(a Activity) int {
	if i, ok := x.ids[a]; ok {
		return i
	}
	i := len(x.list)
	x.ids[a] = i
	x.list = append(x.list, a)
	return i
}
