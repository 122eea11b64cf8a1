package touchpoint

// MaxNameLen is the longest channel, stage or kind name accepted.
const MaxNameLen = 64

// checkName enforces the one syntax shared by every host-definable name
// (channels, stages, failure kinds): 1 to 64 bytes, a lowercase ASCII letter
// first, then lowercase letters, digits, '_', '-' or '.'. The syntax keeps
// names safe as SQL values, JSON strings, Graphviz identifiers and file
// names, and case-folding can never make two names collide.
func checkName(entity, s string) error {
	if s == "" {
		return Invalid(entity, "name", s, "must not be empty")
	}
	if len(s) > MaxNameLen {
		return Invalid(entity, "name", s, "must be at most 64 bytes")
	}
	if s[0] < 'a' || s[0] > 'z' {
		return Invalid(entity, "name", s, "must start with a lowercase ASCII letter")
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if ('a' <= c && c <= 'z') || ('0' <= c && c <= '9') || c == '_' || c == '-' || c == '.' {
			continue
		}
		return Invalid(entity, "name", s, "may contain only a-z, 0-9, '_', '-' and '.'")
	}
	return nil
}
