package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	db := filepath.Join(t.TempDir(), "cem.db")
	var first bytes.Buffer
	if err := run(context.Background(), []string{"-db", db}, &first); err != nil {
		t.Fatalf("run() = %v\n%s", err, first.String())
	}
	out := first.String()
	for _, want := range []string{
		`Story "out of stock"`, `Story "wrong item"`,
		"no recovery", "slow refund", "fast apology + discount", "business-initiated replacement",
		"starting point", "queried from the store",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	// Running again on the same database re-sends every event and
	// snapshot; idempotent storage must accept them and print the same.
	var second bytes.Buffer
	if err := run(context.Background(), []string{"-db", db}, &second); err != nil {
		t.Fatalf("second run() = %v", err)
	}
	if first.String() != second.String() {
		t.Errorf("a second run on the same database printed something else:\n%s\n---\n%s", first.String(), second.String())
	}
}

func TestRunRejectsBadFlag(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), []string{"-nope"}, &out); err == nil {
		t.Error("run accepted an unknown flag")
	}
}
