package main

import (
	"slices"
	"testing"

	"github.com/kzrh/faqbot/bot/admin"
)

func TestOperatorsComeFromNameTokenPairsAndTheSingleToken(t *testing.T) {
	tests := []struct {
		env     map[string]string
		want    []admin.Operator
		wantErr bool
	}{
		{map[string]string{}, nil, false},
		{map[string]string{"FAQBOT_ADMIN_TOKEN": "t0"}, []admin.Operator{{Name: "admin", Token: "t0"}}, false},
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
		got, err := operators(env{getenv: func(k string) string { return tt.env[k] }})
		if (err != nil) != tt.wantErr || !slices.Equal(got, tt.want) {
			t.Errorf("%v: got %v, %v; want %v (error %v)", tt.env, got, err, tt.want, tt.wantErr)
		}
	}
}
