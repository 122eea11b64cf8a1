package touchpoint

import (
	"encoding/json"
	"fmt"

	"github.com/shopspring/decimal"
)

// Money is an exact amount in one ISO 4217 currency. Amounts are decimals,
// never floats, so 0.10 + 0.20 is 0.30 and what goes into a database comes
// back unchanged.
//
// The zero value is "no amount": an absent price, loss or compensation. A
// present amount always carries a currency. Arithmetic across currencies
// returns [ErrCurrencyMismatch]; cem never converts.
//
// Money values are immutable (decimal.Decimal is), so they may be copied and
// shared freely.
type Money struct {
	// Amount is the exact amount. Negative amounts are allowed where the
	// field's doc says so (a refund as a negative purchase value, say).
	Amount decimal.Decimal
	// Currency is the ISO 4217 code, e.g. "EUR". Empty only in the zero
	// Money.
	Currency string
}

// Bounds on amounts, chosen to fit NUMERIC(23,8) in SQL: at most 15 digits
// before the decimal point and 8 after.
const (
	MaxMoneyIntegerDigits  = 15
	MaxMoneyFractionDigits = 8
)

var maxMoney = decimal.New(1, MaxMoneyIntegerDigits)

// NewMoney parses amount (e.g. "19.99", "-5", "1e3") and returns a validated
// Money in currency.
func NewMoney(amount, currency string) (Money, error) {
	d, err := decimal.NewFromString(amount)
	if err != nil {
		return Money{}, Invalid("money", "amount", amount, "must be a decimal number")
	}
	m := Money{Amount: d, Currency: currency}
	if err := m.Validate(); err != nil {
		return Money{}, err
	}
	return m, nil
}

// IsZero reports whether m is the zero Money (no amount). An amount of 0 in
// a currency is not zero in this sense: "0 EUR" is a present, free price.
func (m Money) IsZero() bool { return m.Currency == "" && m.Amount.IsZero() }

// Validate checks that a present amount has an ISO 4217 currency, fewer than
// 16 integer digits and at most 8 fraction digits. The zero Money is valid.
func (m Money) Validate() error {
	if m.IsZero() {
		return nil
	}
	if !isoCurrency(m.Currency) {
		return Invalid("money", "currency", m.Currency, "must be an ISO 4217 currency code such as EUR")
	}
	if m.Amount.Abs().Cmp(maxMoney) >= 0 {
		return Invalid("money", "amount", m.Amount.String(), "must have at most 15 integer digits")
	}
	if !m.Amount.Equal(m.Amount.Truncate(MaxMoneyFractionDigits)) {
		return Invalid("money", "amount", m.Amount.String(), "must have at most 8 fraction digits")
	}
	return nil
}

// Add returns m + o. The zero Money is the identity, so sums can start from
// Money{}. Different currencies return [ErrCurrencyMismatch].
func (m Money) Add(o Money) (Money, error) {
	r, err := sameCurrency(m, o)
	if err != nil {
		return Money{}, err
	}
	return Money{Amount: m.Amount.Add(o.Amount), Currency: r}, nil
}

// Sub returns m − o, with the same rules as [Money.Add].
func (m Money) Sub(o Money) (Money, error) {
	r, err := sameCurrency(m, o)
	if err != nil {
		return Money{}, err
	}
	return Money{Amount: m.Amount.Sub(o.Amount), Currency: r}, nil
}

// Cmp compares the amounts: -1 if m < o, 0 if equal, +1 if m > o. The zero
// Money compares as 0 in any currency.
func (m Money) Cmp(o Money) (int, error) {
	if _, err := sameCurrency(m, o); err != nil {
		return 0, err
	}
	return m.Amount.Cmp(o.Amount), nil
}

// Equal reports whether m and o are the same amount in the same currency;
// 1.50 EUR equals 1.5 EUR.
func (m Money) Equal(o Money) bool {
	return m.Currency == o.Currency && m.Amount.Equal(o.Amount)
}

// String returns e.g. "19.99 EUR", or "" for the zero Money.
func (m Money) String() string {
	if m.IsZero() {
		return ""
	}
	return m.Amount.String() + " " + m.Currency
}

func sameCurrency(a, b Money) (string, error) {
	switch {
	case a.Currency == b.Currency:
		return a.Currency, nil
	case a.IsZero():
		return b.Currency, nil
	case b.IsZero():
		return a.Currency, nil
	}
	return "", fmt.Errorf("%w: %s and %s", ErrCurrencyMismatch, a.Currency, b.Currency)
}

type moneyJSON struct {
	Amount   decimal.Decimal `json:"amount"`
	Currency string          `json:"currency"`
}

// MarshalJSON writes {"amount":"19.99","currency":"EUR"}; the amount is a
// string so no JSON reader turns it into a float.
func (m Money) MarshalJSON() ([]byte, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	return json.Marshal(moneyJSON(m))
}

// UnmarshalJSON reads the form MarshalJSON writes (a bare JSON number is
// accepted for the amount too) and validates it.
func (m *Money) UnmarshalJSON(b []byte) error {
	var v moneyJSON
	if err := Strict(b, &v); err != nil {
		return Invalid("money", "amount", string(b), `must be {"amount":"decimal","currency":"ISO 4217"}`)
	}
	out := Money(v)
	if err := out.Validate(); err != nil {
		return err
	}
	*m = out
	return nil
}
