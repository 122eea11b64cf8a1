package reliability_test

import (
	"bufio"
	"bytes"
	"os"
	"strconv"
	"strings"
)

// procStatus returns the kB figures of /proc/self/status (VmHWM, the peak
// resident set; RssAnon, the resident anonymous memory; ...).
func procStatus() (map[string]int, error) {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return nil, err
	}
	out := map[string]int{}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		name, v, ok := strings.Cut(sc.Text(), ":")
		if !ok || !strings.HasSuffix(v, " kB") {
			continue
		}
		if n, err := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(v, " kB"))); err == nil {
			out[name] = n
		}
	}
	return out, sc.Err()
}
