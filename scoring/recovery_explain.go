package scoring

import (
	"time"

	"github.com/cemkit/cem/journey"
)

func describeFailure(f *journey.Failure) string {
	s := f.Severity.String() + " " + f.Kind.String() + " failure on " + f.Channel.String()
	if !f.Loss.IsZero() {
		s += " (customer lost " + f.Loss.String() + ")"
	}
	return s
}

func explainUnrecovered(n *notes, f *journey.Failure, a attempts, cost float64) {
	tried := "no recovery was attempted"
	if a.count > 0 {
		tried = "recovery was attempted but never resolved it"
	}
	n.add(KindFailure, f.ID, -cost, "%s; %s, which weighs heaviest", describeFailure(f), tried)
}

func explainRecovered(n *notes, f *journey.Failure, a attempts, cost, earned, bonus float64, js justiceScores) {
	n.add(KindFailure, f.ID, -cost, "%s", describeFailure(f))
	n.add(KindRecovery, a.resolver.ID, earned,
		"resolved in %s by %s after %d contact(s); justice %.2f (outcome %.2f, procedure %.2f, treatment %.2f) earned back %.0f%% of the cost",
		a.resolvedAt.Sub(f.Time).Round(time.Minute), a.actions, a.contacts,
		js.total, js.distributive, js.procedural, js.interactional, 100*js.total)
	if bonus != 0 {
		n.add(KindRecovery, a.resolver.ID, bonus,
			"recovery paradox: the only failure was recovered so well that satisfaction can end above the no-failure level")
	}
}
