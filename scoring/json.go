package scoring

import (
	"encoding/json"
	"errors"
	"strconv"
	"time"

	"github.com/cemkit/cem/touchpoint"
)

// This file holds the JSON forms of the built-in scorers' parameters, which
// Config carries.

func asValidation(err error, target **touchpoint.ValidationError) bool {
	return errors.As(err, target)
}

// duration is a time.Duration written as a Go duration string ("48h0m0s").
type duration time.Duration

func (d duration) MarshalText() ([]byte, error) { return []byte(time.Duration(d).String()), nil }

func (d *duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	if err != nil {
		return touchpoint.Invalid(entity, "duration", string(b), `must be a Go duration such as "48h" or "30m"`)
	}
	*d = duration(v)
	return nil
}

type recencyJSON struct {
	HalfLife duration `json:"half_life,omitempty"`
}

// MarshalJSON writes {"half_life":"720h0m0s"}, omitting a zero half-life.
func (r Recency) MarshalJSON() ([]byte, error) {
	return json.Marshal(recencyJSON{HalfLife: duration(r.HalfLife)})
}

// UnmarshalJSON reads the form MarshalJSON writes, strictly.
func (r *Recency) UnmarshalJSON(b []byte) error {
	var v recencyJSON
	if err := touchpoint.Strict(b, &v); err != nil {
		return err
	}
	r.HalfLife = time.Duration(v.HalfLife)
	return nil
}

// recoveryPlain is Recovery without its methods, so that its JSON methods
// can reuse the field tags.
type recoveryPlain Recovery

type recoveryJSON struct {
	*recoveryPlain
	SpeedHalfLife duration `json:"speed_half_life,omitempty"`
}

// MarshalJSON writes the parameters with their JSON names, the speed
// half-life as a duration string, omitting zero (default) fields.
func (r Recovery) MarshalJSON() ([]byte, error) {
	p := recoveryPlain(r)
	return json.Marshal(recoveryJSON{recoveryPlain: &p, SpeedHalfLife: duration(r.SpeedHalfLife)})
}

// UnmarshalJSON reads the form MarshalJSON writes, strictly.
func (r *Recovery) UnmarshalJSON(b []byte) error {
	var p recoveryPlain
	v := recoveryJSON{recoveryPlain: &p}
	if err := touchpoint.Strict(b, &v); err != nil {
		return err
	}
	p.SpeedHalfLife = time.Duration(v.SpeedHalfLife)
	*r = Recovery(p)
	return nil
}

var peakModeNames = [...]string{"most_intense", "best", "worst"}

// String returns "most_intense", "best" or "worst".
func (m PeakMode) String() string {
	if int(m) < len(peakModeNames) {
		return peakModeNames[m]
	}
	return "peak_mode(" + strconv.Itoa(int(m)) + ")"
}

// MarshalText implements encoding.TextMarshaler.
func (m PeakMode) MarshalText() ([]byte, error) {
	if int(m) >= len(peakModeNames) {
		return nil, invalid("peak_end.peak", float64(m), "must be most_intense, best or worst")
	}
	return []byte(peakModeNames[m]), nil
}

// UnmarshalText implements encoding.TextUnmarshaler.
func (m *PeakMode) UnmarshalText(b []byte) error {
	for i, name := range peakModeNames {
		if string(b) == name {
			*m = PeakMode(i)
			return nil
		}
	}
	return touchpoint.Invalid(entity, "peak_end.peak", string(b), "must be most_intense, best or worst")
}

type partJSON struct {
	Name   string  `json:"name,omitempty"`
	Weight float64 `json:"weight"`
	Scorer Config  `json:"scorer"`
}

type compositeJSON struct {
	Parts []partJSON `json:"parts"`
}

// MarshalJSON writes {"parts":[{"name":…,"weight":…,"scorer":Config}]}. It
// fails for a part whose scorer has no [Config] (a host's own scorer).
func (c Composite) MarshalJSON() ([]byte, error) {
	v := compositeJSON{Parts: make([]partJSON, len(c.Parts))}
	for i, p := range c.Parts {
		cfg, err := ConfigOf(p.Scorer)
		if err != nil {
			return nil, err
		}
		v.Parts[i] = partJSON{Name: p.Name, Weight: p.Weight, Scorer: cfg}
	}
	return json.Marshal(v)
}

// UnmarshalJSON reads the form MarshalJSON writes, building each part with
// [FromConfig].
func (c *Composite) UnmarshalJSON(b []byte) error {
	var v compositeJSON
	if err := touchpoint.Strict(b, &v); err != nil {
		return err
	}
	parts := make([]Part, len(v.Parts))
	for i, p := range v.Parts {
		s, err := FromConfig(p.Scorer)
		if err != nil {
			return err
		}
		parts[i] = Part{Name: p.Name, Scorer: s, Weight: p.Weight}
	}
	c.Parts = parts
	return nil
}
