// Package deploy holds the files that ship faqbot: the Dockerfile, the
// docker compose stack and the Kubernetes manifests. It has no code; its
// tests check those files against the program they deploy (routes, port,
// environment variables, subcommands), so that neither drifts unseen.
package deploy
