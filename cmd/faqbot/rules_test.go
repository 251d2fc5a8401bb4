package main

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kzrh/faqbot/bot/admin"
	"github.com/kzrh/faqbot/bot/server"
)

func TestOperatorsComeFromNameTokenPairsAndTheSingleToken(t *testing.T) {
	tests := []struct {
		env     map[string]string
		want    []admin.Operator
		wantErr bool
	}{
		{map[string]string{}, nil, false},
		{map[string]string{"FAQBOT_ADMIN_TOKEN": "t0"}, []admin.Operator{{Name: "admin", Token: "t0"}}, false},
		// A Secret made from a file ends with a newline.
		{map[string]string{"FAQBOT_ADMIN_TOKEN": "t0\n"}, []admin.Operator{{Name: "admin", Token: "t0"}}, false},
		{map[string]string{"FAQBOT_ADMIN_TOKENS": "王芳:t1, li.lei:t2:with:colons"},
			[]admin.Operator{{Name: "王芳", Token: "t1"}, {Name: "li.lei", Token: "t2:with:colons"}}, false},
		{map[string]string{"FAQBOT_ADMIN_TOKENS": "王芳:t1", "FAQBOT_ADMIN_TOKEN": "t0"},
			[]admin.Operator{{Name: "王芳", Token: "t1"}, {Name: "admin", Token: "t0"}}, false},
		{map[string]string{"FAQBOT_ADMIN_TOKENS": "王芳"}, nil, true},
		{map[string]string{"FAQBOT_ADMIN_TOKENS": "王芳:"}, nil, true},
		{map[string]string{"FAQBOT_ADMIN_TOKENS": "a:1,a:2"}, nil, true},
		{map[string]string{"FAQBOT_ADMIN_TOKENS": "admin:1", "FAQBOT_ADMIN_TOKEN": "t0"}, nil, true},
	}
	for _, tt := range tests {
		got, err := operators(env{getenv: trimmed(func(k string) string { return tt.env[k] })})
		if (err != nil) != tt.wantErr || !slices.Equal(got, tt.want) {
			t.Errorf("%v: got %v, %v; want %v (error %v)", tt.env, got, err, tt.want, tt.wantErr)
		}
	}
}

// TestShutdownGrace: 0 in any spelling stops at once; a negative or
// malformed grace is refused with what is wanted.
func TestShutdownGrace(t *testing.T) {
	for v, want := range map[string]time.Duration{"": server.DefaultGrace, "0": 0, "0s": 0, "5s": 5 * time.Second, " 2m ": 2 * time.Minute} {
		got, err := shutdownGrace(env{getenv: trimmed(func(string) string { return v })})
		if err != nil || got != want {
			t.Errorf("FAQBOT_SHUTDOWN_GRACE=%q: %v, %v; want %v", v, got, err, want)
		}
	}
	for _, v := range []string{"-1s", "soon"} {
		if _, err := shutdownGrace(env{getenv: func(string) string { return v }}); err == nil || !strings.Contains(err.Error(), "want 0") {
			t.Errorf("FAQBOT_SHUTDOWN_GRACE=%q: error %v, want one saying what is wanted", v, err)
		}
	}
}
