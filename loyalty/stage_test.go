package loyalty_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cemkit/cem/loyalty"
	"github.com/cemkit/cem/touchpoint"
)

func TestStageText(t *testing.T) {
	want := []string{"prospect", "first_time", "satisfied", "loyal", "advocate"}
	var got []string
	for i, s := range loyalty.Stages() {
		got = append(got, s.String())
		b, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		var back loyalty.Stage
		if err := json.Unmarshal(b, &back); err != nil || back != s {
			t.Errorf("round trip of %v = %v, %v", s, back, err)
		}
		if i > 0 && !(s > loyalty.Stages()[i-1]) {
			t.Errorf("%v does not rank above the stage below", s)
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("String() mismatch (-want +got):\n%s", diff)
	}
}

func TestStageErrors(t *testing.T) {
	if _, err := loyalty.ParseStage("Loyal"); !errors.Is(err, touchpoint.ErrInvalid) {
		t.Errorf("ParseStage(Loyal) err = %v, want a ValidationError: names are lowercase", err)
	}
	if _, err := json.Marshal(loyalty.Stage(9)); !errors.Is(err, touchpoint.ErrInvalid) {
		t.Errorf("Marshal(stage 9) err = %v, want a ValidationError", err)
	}
	if got := loyalty.Stage(9).String(); got != "stage(9)" {
		t.Errorf("String() = %q, want stage(9)", got)
	}
}
