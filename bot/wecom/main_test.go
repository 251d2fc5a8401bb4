package wecom_test

import (
	"testing"

	"github.com/kzrh/faqbot/bot/redistest"
)

// The Redis benchmarks use the tests' own server (package redistest).
func TestMain(m *testing.M) { redistest.Main(m) }
