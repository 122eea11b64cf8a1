package sqlstore

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// FuzzAttributes checks that decodeAttributes gives what encoding/json
// gives for any input: the same map, or an error where it errs.
func FuzzAttributes(f *testing.F) {
	for _, seed := range []string{
		`{"order":"A-1","store":"B-7"}`, `{}`, `null`, `{"a":"b",}`, `{"a":"b""c":"d"}`,
		`{"k":"\u00e9"}`, `{"k":"é","k":"x"}`, `{"k" :"v"}`, "{\"k\":\"a\tb\"}", "{\"k\":\"\xff\"}",
		`{"":""}`, `{"a":1}`, `[]`, `{"a":"b"`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		got, gotErr := decodeAttributes(b)
		var want map[string]string
		wantErr := json.Unmarshal(b, &want)
		if (gotErr != nil) != (wantErr != nil) {
			t.Fatalf("decodeAttributes(%q) error = %v, encoding/json %v", b, gotErr, wantErr)
		}
		if gotErr == nil {
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("decodeAttributes(%q) mismatch (-encoding/json +got):\n%s", b, diff)
			}
		}
	})
}

// TestPlainAttributesTakesTheWrittenForm checks that the fast path reads
// what attributes writes, so the common case does not fall back.
func TestPlainAttributesTakesTheWrittenForm(t *testing.T) {
	m := map[string]string{"order": "A-1", "store": "Bäckerei 7", "empty": "", "quote'd; DROP": "x<y&z"}
	b := []byte(attributes(m).(string))
	got, ok := plainAttributes(b)
	if !ok {
		t.Fatalf("plainAttributes(%s) fell back", b)
	}
	if diff := cmp.Diff(m, got); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
}
