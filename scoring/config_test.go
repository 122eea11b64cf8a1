package scoring_test

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/cemkit/cem/scoring"
	"github.com/cemkit/cem/touchpoint"
)

func TestFromConfig(t *testing.T) {
	tests := []struct {
		reason string
		json   string
		want   scoring.Scorer
	}{
		{"no parameters are the defaults", `{"strategy":"recovery"}`, scoring.Recovery{}},
		{"null parameters are the defaults", `{"strategy":"mean","params":null}`, scoring.Mean{}},
		{"durations are Go duration strings", `{"strategy":"recency","params":{"half_life":"168h"}}`, scoring.Recency{HalfLife: 168 * time.Hour}},
		{"weights by stage and channel name", `{"strategy":"weighted","params":{"stages":{"return":3},"channels":{"chat":0.5}}}`,
			scoring.Weighted{Stages: map[touchpoint.Stage]float64{touchpoint.Return: 3}, Channels: map[touchpoint.Channel]float64{touchpoint.Chat: 0.5}}},
		{"peak mode by name", `{"strategy":"peak_end","params":{"peak":"best"}}`, scoring.PeakEnd{Peak: scoring.Best}},
		{"recovery parameters", `{"strategy":"recovery","params":{"justice":{"interactional":2},"speed_half_life":"24h","no_paradox":true}}`,
			scoring.Recovery{Justice: scoring.Justice{Interactional: 2}, SpeedHalfLife: 24 * time.Hour, NoParadox: true}},
		{"composites nest configs", `{"strategy":"composite","params":{"parts":[{"name":"cx","weight":2,"scorer":{"strategy":"effort","params":{"ces_only":true}}}]}}`,
			scoring.Composite{Parts: []scoring.Part{{Name: "cx", Weight: 2, Scorer: scoring.Effort{CESOnly: true}}}}},
	}
	for _, tt := range tests {
		t.Run(tt.reason, func(t *testing.T) {
			var c scoring.Config
			if err := json.Unmarshal([]byte(tt.json), &c); err != nil {
				t.Fatal(err)
			}
			got, err := scoring.FromConfig(c)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("FromConfig() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestFromConfigErrors(t *testing.T) {
	tests := []struct {
		reason string
		json   string
		field  string
	}{
		{"unknown strategy", `{"strategy":"vibes"}`, "strategy"},
		{"empty strategy", `{}`, "strategy"},
		{"unknown parameter", `{"strategy":"recency","params":{"halflife":"1h"}}`, "recency.params"},
		{"wrong parameter type", `{"strategy":"effort","params":{"switch_cost":"high"}}`, "effort.params"},
		{"malformed duration", `{"strategy":"recency","params":{"half_life":"a week"}}`, "duration"},
		{"negative half-life", `{"strategy":"recency","params":{"half_life":"-1h"}}`, "recency.half_life"},
		{"unknown peak mode", `{"strategy":"peak_end","params":{"peak":"sideways"}}`, "peak_end.peak"},
		{"malformed stage name", `{"strategy":"weighted","params":{"stages":{"Bad Stage":1}}}`, "name"},
		{"negative weight", `{"strategy":"weighted","params":{"channels":{"web":-1}}}`, "weighted.channels[web]"},
		{"composite without parts", `{"strategy":"composite","params":{"parts":[]}}`, "composite.parts"},
		{"unknown strategy inside a composite", `{"strategy":"composite","params":{"parts":[{"weight":1,"scorer":{"strategy":"vibes"}}]}}`, "strategy"},
		{"whitespace around parameters is fine", `{"strategy":"mean","params": {} }`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.reason, func(t *testing.T) {
			var c scoring.Config
			if err := json.Unmarshal([]byte(tt.json), &c); err != nil {
				t.Fatal(err)
			}
			_, err := scoring.FromConfig(c)
			if tt.field == "" {
				if err != nil {
					t.Errorf("FromConfig() = %v, want no error", err)
				}
				return
			}
			var verr *touchpoint.ValidationError
			if !errors.As(err, &verr) {
				t.Fatalf("FromConfig() error = %v, want a *touchpoint.ValidationError", err)
			}
			if verr.Field != tt.field {
				t.Errorf("FromConfig() error on field %q, want %q (%v)", verr.Field, tt.field, err)
			}
		})
	}
}

// TestConfigRoundTrip stores every built-in scorer's config as JSON and
// builds it back.
func TestConfigRoundTrip(t *testing.T) {
	scorers := builtins()
	scorers = append(scorers, struct {
		name   string
		scorer scoring.Scorer
	}{"everything set", scoring.Recovery{
		FailureCost: 20, LossWeight: 1, UnrecoveredFactor: 2, Justice: scoring.Justice{1, 2, 3},
		SpeedHalfLife: 90 * time.Minute, ParadoxBonus: 1, ParadoxThreshold: 0.5, NoParadox: true,
	}}, struct {
		name   string
		scorer scoring.Scorer
	}{"pointer", &scoring.PeakEnd{Peak: scoring.Worst}})
	for _, s := range scorers {
		t.Run(s.name, func(t *testing.T) {
			c, err := scoring.ConfigOf(s.scorer)
			if err != nil {
				t.Fatal(err)
			}
			b, err := json.Marshal(c)
			if err != nil {
				t.Fatal(err)
			}
			var back scoring.Config
			if err := json.Unmarshal(b, &back); err != nil {
				t.Fatal(err)
			}
			got, err := scoring.FromConfig(back)
			if err != nil {
				t.Fatalf("FromConfig(%s): %v", b, err)
			}
			want := s.scorer
			if p, ok := want.(*scoring.PeakEnd); ok {
				want = *p
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("round trip of %s mismatch (-want +got):\n%s", b, diff)
			}
		})
	}
}

func TestConfigOfHostScorer(t *testing.T) {
	_, err := scoring.ConfigOf(fixed{score: 1})
	if !errors.Is(err, touchpoint.ErrInvalid) {
		t.Errorf("ConfigOf(host scorer) error = %v, want a validation error", err)
	}
	c := scoring.Composite{Parts: []scoring.Part{{Scorer: fixed{}, Weight: 1}}}
	if _, err := scoring.ConfigOf(c); !errors.Is(err, touchpoint.ErrInvalid) {
		t.Errorf("ConfigOf(composite of host scorer) error = %v, want a validation error", err)
	}
}
