package sqlstore

import (
	"bytes"
	"encoding/json"
	"unicode/utf8"
)

// decodeAttributes decodes a touchpoint's stored attributes. The adapter
// writes them as a compact JSON object of strings; when a stored object
// has no escape sequence, as almost all do, it is read directly, which
// allocates only the map and its strings. Anything else goes through
// encoding/json, and the result is the same either way (FuzzAttributes).
func decodeAttributes(b []byte) (map[string]string, error) {
	if m, ok := plainAttributes(b); ok {
		return m, nil
	}
	var m map[string]string
	err := json.Unmarshal(b, &m)
	return m, err
}

// plainAttributes reads b as {"key":"value",...} without whitespace or
// escapes, and reports whether b was of that form.
func plainAttributes(b []byte) (map[string]string, bool) {
	if len(b) < 2 || b[0] != '{' || b[len(b)-1] != '}' || bytes.IndexByte(b, '\\') >= 0 {
		return nil, false
	}
	body := b[1 : len(b)-1]
	m := make(map[string]string, bytes.Count(body, []byte(`":"`)))
	for len(body) > 0 {
		k, rest, ok := plainString(body)
		if !ok || len(rest) == 0 || rest[0] != ':' {
			return nil, false
		}
		v, rest, ok := plainString(rest[1:])
		if !ok {
			return nil, false
		}
		m[k] = v
		if len(rest) == 0 {
			break
		}
		if rest[0] != ',' || len(rest) == 1 {
			return nil, false
		}
		body = rest[1:]
	}
	return m, true
}

// plainString reads a JSON string without escapes at the start of b and
// returns it and the rest of b.
func plainString(b []byte) (string, []byte, bool) {
	if len(b) < 2 || b[0] != '"' {
		return "", nil, false
	}
	end := bytes.IndexByte(b[1:], '"')
	if end < 0 {
		return "", nil, false
	}
	s := b[1 : 1+end]
	for _, c := range s {
		if c < 0x20 {
			return "", nil, false // not allowed unescaped in JSON
		}
	}
	if !utf8.Valid(s) {
		return "", nil, false // encoding/json would replace the bad bytes
	}
	return string(s), b[2+end:], true
}
