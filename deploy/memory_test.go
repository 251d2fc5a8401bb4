package deploy

import (
	"strconv"
	"strings"
	"testing"

	"github.com/kzrh/faqbot/bot/breaker"
	"github.com/kzrh/faqbot/bot/memstore"
)

// What a replica's memory is made of besides its session store, as
// measured (BENCHMARKS.md).
const (
	// idleHeap is the Go heap of a serving replica: the matcher, its
	// segmenter and dictionary, the HTTP server (28 MB anonymous memory
	// after 10,000 messages with sessions in Redis).
	idleHeap = 28 << 20
	// reloadHeap is a second matcher while a reload builds it (25 MB
	// allocated by BenchmarkNew).
	reloadHeap = 25 << 20
	// executable is the mapped binary, which counts towards the pod's
	// limit but not towards GOMEMLIMIT (22.4 MB as the Dockerfile builds
	// it).
	executable = 23 << 20
)

// TestMemoryLimitsAgree is issue 11's finding that the memory store's
// bounds let a replica grow past GOMEMLIMIT and the pod's limit: the Go
// heap at its worst (idle heap, a reload's second matcher, the session
// store full) must fit under GOMEMLIMIT, and GOMEMLIMIT with the mapped
// executable under the pod's limit.
func TestMemoryLimitsAgree(t *testing.T) {
	c := readCluster(t)
	img := mustImage(t)
	store := max(memstore.MaxHeldBytes(memstore.Options{}), // no REDIS_URL: one replica
		memstore.MaxHeldBytes(memstore.Options{MaxBytes: breaker.FallbackMaxBytes})) // Redis down
	for name, d := range c.deployments {
		env := effectiveEnv(img, c, d)
		limit, err := quantity(d.Spec.Template.Spec.Containers[0].Resources.Limits["memory"])
		if err != nil {
			t.Fatalf("Deployment %s: memory limit: %v", name, err)
		}
		soft, err := goMemLimit(env["GOMEMLIMIT"])
		if err != nil {
			t.Errorf("Deployment %s: GOMEMLIMIT=%q: %v; set it below the memory limit so that the GC works harder before the kernel kills the pod", name, env["GOMEMLIMIT"], err)
			continue
		}
		if need := soft + executable; need > limit {
			t.Errorf("Deployment %s: GOMEMLIMIT %.0f MiB + the executable %d MiB exceed the memory limit %.0f MiB", name, soft/(1<<20), executable>>20, limit/(1<<20))
		}
		if heap := float64(idleHeap + reloadHeap + store); heap > soft {
			t.Errorf("Deployment %s: the heap at its worst, %.1f MiB (idle %d + reload %d + session store %.1f), exceeds GOMEMLIMIT %.0f MiB: lower memstore.DefaultMaxBytes or breaker.FallbackMaxBytes",
				name, heap/(1<<20), idleHeap>>20, reloadHeap>>20, float64(store)/(1<<20), soft/(1<<20))
		}
	}
}

// goMemLimit parses GOMEMLIMIT's form: a number of bytes with an optional
// B, KiB, MiB, GiB or TiB suffix.
func goMemLimit(v string) (float64, error) {
	if v == "" {
		return 0, strconv.ErrSyntax
	}
	mult := 1.0
	for _, s := range []struct {
		suffix string
		mult   float64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"TiB", 1 << 40}, {"B", 1}} {
		if n, ok := strings.CutSuffix(v, s.suffix); ok {
			v, mult = n, s.mult
			break
		}
	}
	n, err := strconv.ParseFloat(v, 64)
	return n * mult, err
}
