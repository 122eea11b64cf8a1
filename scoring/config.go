package scoring

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/cemkit/cem/touchpoint"
)

// The strategy names of [Config], one per built-in scorer.
const (
	StrategyMean      = "mean"
	StrategyWeighted  = "weighted"
	StrategyRecency   = "recency"
	StrategyPeakEnd   = "peak_end"
	StrategyEffort    = "effort"
	StrategyRecovery  = "recovery"
	StrategyComposite = "composite"
)

// Config is a host's stored choice of scoring model: a strategy name and
// its parameters as JSON, e.g.
//
//	{"strategy":"recency","params":{"half_life":"168h"}}
//	{"strategy":"composite","params":{"parts":[
//	    {"name":"feedback","weight":2,"scorer":{"strategy":"mean"}},
//	    {"name":"recovery","weight":1,"scorer":{"strategy":"recovery","params":{"no_paradox":true}}}]}}
//
// The parameters are the JSON form of the strategy's struct (durations as Go
// duration strings such as "48h"); absent parameters take the struct's zero
// value, that is the documented defaults. [FromConfig] turns a Config into a
// [Scorer] and [ConfigOf] turns a built-in Scorer back into a Config.
type Config struct {
	Strategy string          `json:"strategy"`
	Params   json.RawMessage `json:"params,omitempty"`
}

// validator is what every built-in scorer has.
type validator interface {
	Scorer
	Validate() error
}

// FromConfig returns the scorer c describes, validated. An unknown strategy
// name and parameters that are malformed, unknown or out of range give a
// *[touchpoint.ValidationError] naming the field.
func FromConfig(c Config) (Scorer, error) {
	var s validator
	switch c.Strategy {
	case StrategyMean:
		s = &Mean{}
	case StrategyWeighted:
		s = &Weighted{}
	case StrategyRecency:
		s = &Recency{}
	case StrategyPeakEnd:
		s = &PeakEnd{}
	case StrategyEffort:
		s = &Effort{}
	case StrategyRecovery:
		s = &Recovery{}
	case StrategyComposite:
		s = &Composite{}
	default:
		return nil, touchpoint.Invalid(entity, "strategy", c.Strategy, "must be one of "+strings.Join(Strategies(), ", "))
	}
	if p := bytes.TrimSpace(c.Params); len(p) > 0 && !bytes.Equal(p, []byte("null")) {
		if err := touchpoint.Strict(p, s); err != nil {
			return nil, paramsError(c.Strategy, err)
		}
	}
	if err := s.Validate(); err != nil {
		return nil, err
	}
	return deref(s), nil
}

// Strategies returns the names of the built-in strategies.
func Strategies() []string {
	return []string{StrategyMean, StrategyWeighted, StrategyRecency, StrategyPeakEnd, StrategyEffort, StrategyRecovery, StrategyComposite}
}

// deref returns the scorer as the value type a host would build, in one
// canonical form, so that a configured scorer compares equal to a
// hand-built one.
func deref(s validator) Scorer {
	switch v := s.(type) {
	case *Mean:
		return *v
	case *Weighted:
		// An empty map means the defaults, as nil does; keep one form.
		if len(v.Stages) == 0 {
			v.Stages = nil
		}
		if len(v.Channels) == 0 {
			v.Channels = nil
		}
		return *v
	case *Recency:
		return *v
	case *PeakEnd:
		return *v
	case *Effort:
		return *v
	case *Recovery:
		return *v
	case *Composite:
		return *v
	}
	return s
}

func paramsError(strategy string, err error) error {
	var verr *touchpoint.ValidationError
	if asValidation(err, &verr) {
		return verr
	}
	return touchpoint.Invalid(entity, strategy+".params", err.Error(), "must be valid "+strategy+" parameters")
}

// ConfigOf returns the Config of a built-in scorer, so that
// FromConfig(ConfigOf(s)) rebuilds s. A host's own Scorer has no Config:
// ConfigOf returns a *[touchpoint.ValidationError] for it, naming its type.
func ConfigOf(s Scorer) (Config, error) {
	name, ok := strategyOf(s)
	if !ok {
		return Config{}, touchpoint.Invalid(entity, "strategy", fmt.Sprintf("%T", s), "must be a built-in scorer to have a Config")
	}
	p, err := json.Marshal(s)
	if err != nil {
		return Config{}, touchpoint.JSONError(entity, err)
	}
	if bytes.Equal(p, []byte("{}")) {
		p = nil
	}
	return Config{Strategy: name, Params: p}, nil
}

func strategyOf(s Scorer) (string, bool) {
	switch s.(type) {
	case Mean, *Mean:
		return StrategyMean, true
	case Weighted, *Weighted:
		return StrategyWeighted, true
	case Recency, *Recency:
		return StrategyRecency, true
	case PeakEnd, *PeakEnd:
		return StrategyPeakEnd, true
	case Effort, *Effort:
		return StrategyEffort, true
	case Recovery, *Recovery:
		return StrategyRecovery, true
	case Composite, *Composite:
		return StrategyComposite, true
	}
	return "", false
}
