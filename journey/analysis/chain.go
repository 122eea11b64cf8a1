package analysis

import (
	"encoding/binary"
	"slices"
	"strings"

	"github.com/cemkit/cem/touchpoint"
)

// The chain's special states. Transient states built from channels are
// numbered from 1; start is 0.
const (
	startState = 0
	convState  = -1
	nullState  = -2
)

// transition is a counted move between two states.
type transition struct{ from, to int }

// chain accumulates the transition counts of a Markov chain over channels
// of the given order: a state is the last (up to) order channels of a path,
// as in Anderl et al. (2016).
type chain struct {
	order    int
	channels []touchpoint.Channel       // channel id → channel
	chanIDs  map[touchpoint.Channel]int // channel → id
	keys     map[string]int             // state key → state id
	states   [][]int                    // state id → its channel ids; states[0] is start
	counts   map[transition]int
	key      []byte // scratch
}

func newChain(order int) *chain {
	return &chain{
		order:   order,
		chanIDs: make(map[touchpoint.Channel]int),
		keys:    make(map[string]int),
		states:  [][]int{nil},
		counts:  make(map[transition]int),
	}
}

// channelID numbers c on first sight.
func (ch *chain) channelID(c touchpoint.Channel) int {
	if id, ok := ch.chanIDs[c]; ok {
		return id
	}
	id := len(ch.channels)
	ch.chanIDs[c] = id
	ch.channels = append(ch.channels, c)
	return id
}

// addPath counts the transitions of one path of channel ids, from start to
// conversion or null.
func (ch *chain) addPath(path []int, converted bool) {
	prev := startState
	for i := range path {
		s := ch.state(path[max(0, i-ch.order+1) : i+1])
		ch.counts[transition{prev, s}]++
		prev = s
	}
	end := nullState
	if converted {
		end = convState
	}
	ch.counts[transition{prev, end}]++
}

// state returns the id of the state for a window of channel ids.
func (ch *chain) state(window []int) int {
	ch.key = ch.key[:0]
	for _, c := range window {
		ch.key = binary.AppendUvarint(ch.key, uint64(c))
	}
	if id, ok := ch.keys[string(ch.key)]; ok {
		return id
	}
	id := len(ch.states)
	ch.keys[string(ch.key)] = id
	ch.states = append(ch.states, slices.Clone(window))
	return id
}

// canonical returns the state ids with start first and the others ordered
// by their channel names, so the matrices, and the floating-point results,
// never depend on the order in which journeys were read.
func (ch *chain) canonical() []int {
	ids := make([]int, 0, len(ch.states))
	for id := 1; id < len(ch.states); id++ {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, func(a, b int) int {
		return strings.Compare(ch.stateName(a), ch.stateName(b))
	})
	return append([]int{startState}, ids...)
}

// stateName is a state's channels joined by ">", e.g. "web>phone".
func (ch *chain) stateName(id int) string {
	names := make([]string, len(ch.states[id]))
	for i, c := range ch.states[id] {
		names[i] = string(ch.channels[c])
	}
	return strings.Join(names, ">")
}

// contains reports whether state id includes channel c.
func (ch *chain) contains(id, c int) bool {
	return slices.Contains(ch.states[id], c)
}
