package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
)

func runOK(t *testing.T, args ...string) string {
	t.Helper()
	var out, progress bytes.Buffer
	if err := run(context.Background(), args, &out, &progress); err != nil {
		t.Fatalf("run(%q) = %v\n%s", args, err, out.String())
	}
	return out.String()
}

func TestRun(t *testing.T) {
	mem := runOK(t, "-n", "300", "-store", "mem", "-seed", "3")
	for _, want := range []string{
		"simulated 300 customers (seed 3)", "300 journeys", "NPS ", "95% CI",
		"loyalty ladder", "advocate", "recovery effectiveness by policy", "proactive-replacement", "none",
	} {
		if !strings.Contains(mem, want) {
			t.Errorf("output lacks %q:\n%s", want, mem)
		}
	}
	// The same seed gives the same customers whatever the store.
	sqlite := runOK(t, "-n", "300", "-store", "sqlite", "-seed", "3", "-db", filepath.Join(t.TempDir(), "sim.db"))
	if got, want := strings.ReplaceAll(sqlite, "stored in sqlite", "stored in mem"), mem; got != want {
		t.Errorf("sqlite and mem runs of one seed differ:\n%s\n---\n%s", got, want)
	}
	if other := runOK(t, "-n", "300", "-store", "mem", "-seed", "4"); other == mem {
		t.Error("another seed gave the same output")
	}
}

func TestRunRejects(t *testing.T) {
	for _, args := range [][]string{{"-n", "0"}, {"-store", "cassandra"}, {"-bogus"}} {
		var out bytes.Buffer
		if err := run(context.Background(), args, &out, &out); err == nil {
			t.Errorf("run(%q) succeeded, want an error", args)
		}
	}
}

func TestProgressBar(t *testing.T) {
	var w bytes.Buffer
	b := newBar(&w, 4, true)
	for range 4 {
		b.step()
	}
	b.done()
	if got := w.String(); !strings.Contains(got, "100% 4/4") || !strings.Contains(got, "25% 1/4") {
		t.Errorf("progress bar drew %q", got)
	}
	var quiet bytes.Buffer
	q := newBar(&quiet, 4, false)
	q.step()
	q.done()
	if quiet.Len() != 0 {
		t.Errorf("an inactive bar drew %q", quiet.String())
	}
}
