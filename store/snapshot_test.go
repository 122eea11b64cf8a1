package store_test

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/cemkit/cem/store"
	"github.com/cemkit/cem/touchpoint"
)

func TestCheckSnapshot(t *testing.T) {
	future := time.Date(2040, 1, 1, 0, 0, 0, 0, time.UTC)
	later := touchpoint.Limits{Now: func() time.Time { return future.AddDate(1, 0, 0) }}
	good := store.Snapshot{CustomerID: "c", Time: future, Name: "score.recovery", Value: 72.5, Stage: "steady"}
	if err := store.CheckSnapshot(later, good); err != nil {
		t.Errorf("CheckSnapshot with a later clock = %v", err)
	}
	if err := store.ValidateSnapshot(good); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("ValidateSnapshot of a 2040 snapshot with the real clock = %v, want ErrInvalid", err)
	}
	for name, edit := range map[string]func(*store.Snapshot){
		"empty customer": func(s *store.Snapshot) { s.CustomerID = "" },
		"zero time":      func(s *store.Snapshot) { s.Time = time.Time{} },
		"bad name":       func(s *store.Snapshot) { s.Name = "Score" },
		"no name":        func(s *store.Snapshot) { s.Name = "" },
		"NaN":            func(s *store.Snapshot) { s.Value = math.NaN() },
		"Inf":            func(s *store.Snapshot) { s.Value = math.Inf(-1) },
		"bad stage":      func(s *store.Snapshot) { s.Stage = "At Risk" },
	} {
		s := good
		edit(&s)
		if err := store.CheckSnapshot(later, s); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("%s: CheckSnapshot = %v, want ErrInvalid", name, err)
		}
	}
}

func TestValidateTenant(t *testing.T) {
	for id, ok := range map[string]bool{"shop-1": true, "ünïcode ☕": true, "": false, "a\x00": false, string(make([]byte, 65)): false} {
		if err := store.ValidateTenant(id); (err == nil) != ok {
			t.Errorf("ValidateTenant(%q) = %v, want ok=%v", id, err, ok)
		}
	}
}

func TestWindowContains(t *testing.T) {
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	w := store.Window{From: at, To: at.Add(time.Hour)}
	for d, want := range map[time.Duration]bool{-1: false, 0: true, time.Hour - 1: true, time.Hour: false} {
		if got := w.Contains(at.Add(d)); got != want {
			t.Errorf("Contains(from%+v) = %v, want %v (From inclusive, To exclusive)", d, got, want)
		}
	}
	if !(store.Window{}).Contains(at) {
		t.Error("the zero window contains everything")
	}
}
