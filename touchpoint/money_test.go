package touchpoint_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/cemkit/cem/touchpoint"
)

func TestMoneyArithmetic(t *testing.T) {
	a, b := mustMoney("0.10", "EUR"), mustMoney("0.20", "EUR")
	sum, err := a.Add(b)
	if err != nil {
		t.Fatal(err)
	}
	if !sum.Equal(mustMoney("0.3", "EUR")) {
		t.Errorf("0.10 + 0.20 = %s, want exactly 0.3 EUR", sum)
	}
	diff, err := a.Sub(b)
	if err != nil || !diff.Equal(mustMoney("-0.1", "EUR")) {
		t.Errorf("0.10 - 0.20 = %s, %v; want -0.1 EUR", diff, err)
	}
	if c, err := a.Cmp(b); err != nil || c != -1 {
		t.Errorf("Cmp = %d, %v; want -1", c, err)
	}
	start, err := touchpoint.Money{}.Add(a)
	if err != nil || !start.Equal(a) {
		t.Errorf("Money{}.Add(a) = %s, %v; want a (the zero Money is the identity)", start, err)
	}
}

func TestMoneyMixedCurrencies(t *testing.T) {
	eur, usd := mustMoney("1", "EUR"), mustMoney("1", "USD")
	for name, op := range map[string]func() error{
		"Add": func() error { _, err := eur.Add(usd); return err },
		"Sub": func() error { _, err := eur.Sub(usd); return err },
		"Cmp": func() error { _, err := eur.Cmp(usd); return err },
	} {
		if err := op(); !errors.Is(err, touchpoint.ErrCurrencyMismatch) {
			t.Errorf("%s(EUR, USD) error = %v, want ErrCurrencyMismatch", name, err)
		}
	}
}

func TestNewMoney(t *testing.T) {
	tests := []struct {
		amount, currency string
		ok               bool
		reason           string
	}{
		{"19.99", "EUR", true, "plain price"},
		{"-5", "USD", true, "negative amounts are allowed in Money"},
		{"123456789012345.12345678", "JPY", true, "the largest precision stored"},
		{"1234567890123456", "EUR", false, "16 integer digits overflow NUMERIC(23,8)"},
		{"0.123456789", "EUR", false, "9 fraction digits"},
		{"1e999999", "EUR", false, "huge exponents are refused"},
		{"abc", "EUR", false, "not a number"},
		{"NaN", "EUR", false, "decimal has no NaN"},
		{"1", "XXX", false, "XXX means no currency"},
		{"1", "", false, "an amount needs a currency"},
	}
	for _, tt := range tests {
		_, err := touchpoint.NewMoney(tt.amount, tt.currency)
		if (err == nil) != tt.ok {
			t.Errorf("NewMoney(%q, %q) error = %v, want ok=%v (%s)", tt.amount, tt.currency, err, tt.ok, tt.reason)
		}
		if err != nil && !errors.Is(err, touchpoint.ErrInvalid) {
			t.Errorf("NewMoney(%q, %q) error %v is not ErrInvalid", tt.amount, tt.currency, err)
		}
	}
}

func TestMoneyJSON(t *testing.T) {
	m := mustMoney("123456789012345.12345678", "EUR")
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(b), `{"amount":"123456789012345.12345678","currency":"EUR"}`; got != want {
		t.Errorf("Marshal = %s, want %s", got, want)
	}
	var back touchpoint.Money
	if err := json.Unmarshal(b, &back); err != nil || !back.Equal(m) {
		t.Errorf("round trip = %s, %v; want %s", back, err, m)
	}
	if err := json.Unmarshal([]byte(`{"amount":"1","currency":"ABC"}`), &back); !errors.Is(err, touchpoint.ErrInvalid) {
		t.Errorf("unknown currency decoded with error %v", err)
	}
	if err := json.Unmarshal([]byte(`{"amount":"1","currency":"EUR","rate":2}`), &back); err == nil {
		t.Error("unknown field accepted")
	}
}

func TestMinorUnits(t *testing.T) {
	tests := []struct {
		code   string
		places int
		ok     bool
		reason string
	}{
		{"EUR", 2, true, "most currencies have cents"},
		{"JPY", 0, true, "yen have no subunit"},
		{"KRW", 0, true, "won have no subunit"},
		{"KWD", 3, true, "dinars have fils"},
		{"CLF", 4, true, "the Chilean unidad de fomento has four places"},
		{"XAU", 0, false, "gold has no minor unit"},
		{"XDR", 0, false, "special drawing rights have no minor unit"},
		{"eur", 0, false, "codes are upper case"},
		{"XXX", 0, false, "no currency"},
	}
	for _, tt := range tests {
		places, ok := touchpoint.MinorUnits(tt.code)
		if places != tt.places || ok != tt.ok {
			t.Errorf("MinorUnits(%q) = %d, %v; want %d, %v (%s)", tt.code, places, ok, tt.places, tt.ok, tt.reason)
		}
	}
}
