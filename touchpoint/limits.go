package touchpoint

import (
	"math"
	"time"
	"unicode/utf8"
)

// Limits bounds what validation accepts. The zero value means the documented
// defaults, so Limits{} is what [Touchpoint.Validate] uses; a host with other
// needs sets only the fields it cares about.
type Limits struct {
	// Now returns the current time; nil means time.Now. Inject a fixed clock
	// in tests.
	Now func() time.Time
	// MaxFuture is how far after Now a time may lie, to allow for clock
	// skew between the host's machines. Zero means 24 hours.
	MaxFuture time.Duration
	// MaxAttributes is the most attributes a touchpoint may carry; zero
	// means 32.
	MaxAttributes int
	// MaxKeyLen bounds an attribute key in bytes; zero means 64.
	MaxKeyLen int
	// MaxValueLen bounds an attribute value in bytes; zero means 1024.
	MaxValueLen int
	// MaxIDLen bounds a customer id in bytes; zero means 256.
	MaxIDLen int
	// MaxTextLen bounds free-text fields (a failure's note) in bytes; zero
	// means 4096.
	MaxTextLen int
}

// MinTime returns the earliest time cem accepts, 1900-01-01 UTC. Together
// with [MaxTime] it keeps every time representable as int64 Unix
// nanoseconds, the form the SQL adapter stores.
func MinTime() time.Time { return time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC) }

// MaxTime returns the hard upper bound on times, whatever Limits.MaxFuture
// says: 2262-01-01 UTC, the last year an int64 of Unix nanoseconds holds.
func MaxTime() time.Time { return time.Date(2262, 1, 1, 0, 0, 0, 0, time.UTC) }

// SyntaxOnly returns the Limits that encoders check against: every rule of
// syntax (valid UTF-8 without NUL or control characters, well-formed names,
// feedback on its scales, valid money, times between [MinTime] and
// [MaxTime]) but no size bound (attribute count, key and value lengths,
// customer id and text lengths) and no clock-dependent future bound. Data
// accepted under any Limits can therefore be written out, whenever the
// writing happens; the size bounds are the reader's to apply when it
// decodes.
func SyntaxOnly() Limits {
	return Limits{
		Now:           MaxTime,
		MaxAttributes: math.MaxInt,
		MaxKeyLen:     math.MaxInt,
		MaxValueLen:   math.MaxInt,
		MaxIDLen:      math.MaxInt,
		MaxTextLen:    math.MaxInt,
	}
}

func (l Limits) now() time.Time {
	if l.Now == nil {
		return time.Now()
	}
	return l.Now()
}

func (l Limits) maxFuture() time.Duration { return or(l.MaxFuture, 24*time.Hour) }
func (l Limits) maxAttributes() int       { return or(l.MaxAttributes, 32) }
func (l Limits) maxKeyLen() int           { return or(l.MaxKeyLen, 64) }
func (l Limits) maxValueLen() int         { return or(l.MaxValueLen, 1024) }
func (l Limits) maxIDLen() int            { return or(l.MaxIDLen, 256) }
func (l Limits) maxTextLen() int          { return or(l.MaxTextLen, 4096) }

func or[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}

// CheckTime validates a point in time: not zero, not before [MinTime], not
// more than MaxFuture after Now. entity and field name the value in the
// error.
func (l Limits) CheckTime(entity, field string, t time.Time) error {
	switch {
	case t.IsZero():
		return Invalid(entity, field, "0001-01-01T00:00:00Z", "must be set")
	case t.Before(MinTime()):
		return Invalid(entity, field, t.UTC().Format(time.RFC3339Nano), "must not be before 1900-01-01")
	case t.After(MaxTime()) || t.After(l.now().Add(l.maxFuture())):
		return Invalid(entity, field, t.UTC().Format(time.RFC3339Nano), "must not lie in the future beyond "+l.maxFuture().String())
	}
	return nil
}

// CheckCustomerID validates a customer id: not empty, at most MaxIDLen
// bytes, valid UTF-8 without NUL or other control characters. Everything else
// (quotes, semicolons, any script) is allowed and stored verbatim.
func (l Limits) CheckCustomerID(entity, id string) error {
	if id == "" {
		return Invalid(entity, "customer_id", id, "must not be empty")
	}
	if len(id) > l.maxIDLen() {
		return Invalid(entity, "customer_id", id, "must be at most "+itoa(l.maxIDLen())+" bytes")
	}
	return CheckText(entity, "customer_id", id)
}

// CheckText validates free text: valid UTF-8 with no NUL and no control
// characters other than tab, newline and carriage return. PostgreSQL cannot
// store NUL and no database agrees on invalid UTF-8, so cem refuses both at
// the door instead of failing in one adapter only.
func CheckText(entity, field, s string) error {
	if !utf8.ValidString(s) {
		return Invalid(entity, field, s, "must be valid UTF-8")
	}
	for _, r := range s {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0x7f {
			return Invalid(entity, field, s, "must not contain NUL or control characters")
		}
	}
	return nil
}

// CheckLongText is [CheckText] plus the MaxTextLen bound.
func (l Limits) CheckLongText(entity, field, s string) error {
	if len(s) > l.maxTextLen() {
		return Invalid(entity, field, s, "must be at most "+itoa(l.maxTextLen())+" bytes")
	}
	return CheckText(entity, field, s)
}

// CheckDuration validates a non-negative duration.
func CheckDuration(entity, field string, d time.Duration) error {
	if d < 0 {
		return Invalid(entity, field, d.String(), "must not be negative")
	}
	return nil
}

func (l Limits) checkAttributes(attrs map[string]string) error {
	if len(attrs) > l.maxAttributes() {
		return Invalid("touchpoint", "attributes", itoa(len(attrs))+" entries", "must have at most "+itoa(l.maxAttributes())+" entries")
	}
	for k, v := range attrs {
		field := "attributes[" + k + "]"
		switch {
		case k == "":
			return Invalid("touchpoint", "attributes", k, "keys must not be empty")
		case len(k) > l.maxKeyLen():
			return Invalid("touchpoint", "attributes", k, "keys must be at most "+itoa(l.maxKeyLen())+" bytes")
		case len(v) > l.maxValueLen():
			return Invalid("touchpoint", field, v, "must be at most "+itoa(l.maxValueLen())+" bytes")
		}
		if err := CheckText("touchpoint", "attributes", k); err != nil {
			return err
		}
		if err := CheckText("touchpoint", field, v); err != nil {
			return err
		}
	}
	return nil
}
