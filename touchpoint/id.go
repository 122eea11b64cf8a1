package touchpoint

import "github.com/google/uuid"

// rootNamespace is the UUID namespace under which IDFromKey derives its
// IDs; it is itself the version 5 UUID of "github.com/cemkit/cem" in the
// URL namespace, so it never changes.
func rootNamespace() uuid.UUID {
	return uuid.NewSHA1(uuid.NameSpaceURL, []byte("github.com/cemkit/cem"))
}

// NewID returns a new, time-ordered UUID (version 7, RFC 9562), which keeps
// database indexes compact when events arrive roughly in time order. It
// panics only if the system's random source fails, like uuid.New.
func NewID() uuid.UUID { return uuid.Must(uuid.NewV7()) }

// IDFromKey returns a stable UUID (version 5) for a host's own event key, so
// that an event the host sends twice gets the same ID and is stored once.
// namespace separates the host's key spaces (e.g. "pos-receipts",
// "zendesk-tickets"); the same namespace and key always give the same ID, on
// every machine and in every version of cem.
func IDFromKey(namespace, key string) uuid.UUID {
	// The namespace is length-prefixed so ("a", "bc") and ("ab", "c") differ.
	b := make([]byte, 0, len(namespace)+len(key)+8)
	b = append(b, itoa(len(namespace))...)
	b = append(b, ':')
	b = append(b, namespace...)
	b = append(b, key...)
	return uuid.NewSHA1(rootNamespace(), b)
}
