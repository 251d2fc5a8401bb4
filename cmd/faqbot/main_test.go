package main

import (
	"testing"

	"github.com/kzrh/faqbot/bot/redistest"
)

// The Redis tests use the tests' own server (package redistest).
func TestMain(m *testing.M) { redistest.Main(m) }
