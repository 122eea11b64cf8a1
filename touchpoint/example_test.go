package touchpoint_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/cemkit/cem/touchpoint"
)

func Example() {
	price, err := touchpoint.NewMoney("49.90", "EUR")
	if err != nil {
		panic(err)
	}
	tp := touchpoint.Touchpoint{
		// The host's own receipt number becomes a stable ID: sending the
		// receipt twice stores it once.
		ID:         touchpoint.IDFromKey("pos-receipts", "R-2026-000123"),
		CustomerID: "c-42",
		Time:       time.Date(2026, 3, 14, 11, 0, 0, 0, time.UTC),
		Channel:    touchpoint.Store,
		Stage:      touchpoint.Purchase,
		Value:      price,
		Feedback:   touchpoint.Feedback{CSAT: touchpoint.Rate(5)},
	}
	fmt.Println(tp.Validate())

	tp.Feedback.NPS = touchpoint.Rate(11)
	err = tp.Validate()
	var verr *touchpoint.ValidationError
	if errors.As(err, &verr) {
		fmt.Println(verr.Field, "-", verr.Rule)
	}
	// Output:
	// <nil>
	// feedback.nps - must be in 0..10
}

func ExampleMoney_Add() {
	a, _ := touchpoint.NewMoney("0.10", "EUR")
	b, _ := touchpoint.NewMoney("0.20", "EUR")
	sum, _ := a.Add(b)
	fmt.Println(sum)

	usd, _ := touchpoint.NewMoney("1", "USD")
	_, err := sum.Add(usd)
	fmt.Println(errors.Is(err, touchpoint.ErrCurrencyMismatch))
	// Output:
	// 0.3 EUR
	// true
}
