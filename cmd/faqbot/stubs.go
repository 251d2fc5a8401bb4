package main

import (
	"context"
	"errors"
)

func runChat(context.Context, env, []string) error      { return errors.New("not yet") }
func runReplay(context.Context, env, []string) error    { return errors.New("not yet") }
func runDiff(context.Context, env, []string) error      { return errors.New("not yet") }
func runUnmatched(context.Context, env, []string) error { return errors.New("not yet") }
func runServe(context.Context, env, []string) error     { return errors.New("not yet") }
func runVersion(context.Context, env, []string) error   { return errors.New("not yet") }
