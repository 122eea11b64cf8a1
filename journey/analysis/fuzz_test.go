package analysis_test

import (
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/journey/analysis"
	"github.com/cemkit/cem/touchpoint"
)

// fuzzJourneys decodes journeys from bytes: 0xFF starts a new journey, any
// other byte b is a touchpoint at stage b%9, on channel (b/9)%7, b minutes
// after the previous one (0 minutes: a tie, broken by ID).
func fuzzJourneys(data []byte) []*journey.Journey {
	stages, channels := touchpoint.Stages(), touchpoint.Channels()
	var js []*journey.Journey
	for i, part := range strings.Split(string(data), "\xff") {
		cust := "f" + strconv.Itoa(i)
		j := journey.NewWithLimits(cust, clock)
		when := t0
		tps := make([]touchpoint.Touchpoint, 0, len(part))
		for k, b := range []byte(part) {
			when = when.Add(time.Duration(b) * time.Minute)
			tps = append(tps, touchpoint.Touchpoint{ID: touchpoint.IDFromKey("fuzz", cust+"/"+strconv.Itoa(k)), CustomerID: cust, Time: when,
				Stage: stages[int(b)%len(stages)], Channel: channels[int(b)/len(stages)%len(channels)]})
		}
		if err := j.Add(tps...); err != nil {
			panic(err)
		}
		js = append(js, j)
	}
	return js
}

// FuzzAnalyses runs every analysis on journeys and a funnel spec from
// arbitrary input: bad specs must be ValidationErrors, and no result may
// hold NaN, a conversion outside [0, 1] or credits that do not add up.
func FuzzAnalyses(f *testing.F) {
	f.Add([]byte("\x03\x0c\xff\x00\x03"), "arrival,browse,purchase", int64(time.Hour))
	f.Add([]byte("\x03\x03\x03\xff\xff\x12"), "purchase,purchase", int64(0))
	f.Add([]byte{}, "Bad Stage", int64(-1))
	f.Fuzz(func(t *testing.T, data []byte, steps string, window int64) {
		if len(data) > 512 || len(steps) > 512 {
			return
		}
		js := fuzzJourneys(data)
		fuzzFunnel(t, js, steps, window)
		for g := analysis.ByStage; g <= analysis.ByChannel; g++ {
			if _, err := analysis.Variants(slices.Values(js), g); err != nil {
				t.Fatal(err)
			}
			dfg, err := analysis.DirectlyFollows(slices.Values(js), g)
			if err != nil || !strings.HasPrefix(dfg.DOT(), "digraph") {
				t.Fatalf("DirectlyFollows() = %v, %v", dfg, err)
			}
		}
		fuzzAttribute(t, js)
		rep, err := analysis.KeyDrivers(slices.Values(js), func(j *journey.Journey) (float64, bool) { return float64(j.Len() % 5), true })
		if err != nil || math.IsNaN(rep.RSquared) {
			t.Fatalf("KeyDrivers() = %+v, %v", rep, err)
		}
	})
}

func fuzzFunnel(t *testing.T, js []*journey.Journey, steps string, window int64) {
	spec := analysis.FunnelSpec{Window: time.Duration(window)}
	for _, s := range strings.Split(steps, ",") {
		stage, ch, _ := strings.Cut(s, "@")
		spec.Steps = append(spec.Steps, analysis.Step{Stage: touchpoint.Stage(stage), Channel: touchpoint.Channel(ch)})
	}
	rep, err := analysis.Funnel(slices.Values(js), spec)
	if err != nil {
		if !errors.Is(err, touchpoint.ErrInvalid) {
			t.Fatalf("Funnel() error = %v, want a ValidationError", err)
		}
		return
	}
	for _, st := range rep.Steps {
		if !(st.Conversion >= 0 && st.Conversion <= 1 && st.FromStart >= 0 && st.FromStart <= 1) {
			t.Fatalf("Funnel() step %+v: conversion outside [0, 1]", st)
		}
	}
}

func fuzzAttribute(t *testing.T, js []*journey.Journey) {
	for order := 1; order <= 2; order++ {
		a, err := analysis.Attribute(slices.Values(js), analysis.AttributionSpec{Order: order})
		if errors.Is(err, analysis.ErrNoConversions) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		sum := 0.0
		for _, c := range a.Channels {
			sum += c.Markov
		}
		if math.Abs(sum-float64(a.Conversions)) > 1e-6*float64(a.Conversions) || math.IsNaN(a.ConversionRate) {
			t.Fatalf("order %d: Markov credits sum to %v for %d conversions (rate %v)", order, sum, a.Conversions, a.ConversionRate)
		}
	}
}
