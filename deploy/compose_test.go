package deploy

import (
	"fmt"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/kzrh/faqbot/bot/server"
)

// The compose file allows several spellings of most keys; these types
// accept the short and the long one, so that a reformatting does not
// break the test.
type composeFile struct {
	Services map[string]composeService `yaml:"services"`
}

type composeService struct {
	Build           composeBuild                   `yaml:"build"`
	EnvFile         []composeEnvFile               `yaml:"env_file"`
	Environment     composeEnvironment             `yaml:"environment"`
	Ports           []composePort                  `yaml:"ports"`
	Volumes         []composeVolume                `yaml:"volumes"`
	DependsOn       composeDependsOn               `yaml:"depends_on"`
	Healthcheck     *struct{ Test composeCommand } `yaml:"healthcheck"`
	StopGracePeriod string                         `yaml:"stop_grace_period"`
}

// composeCommand is a command as a list or as one string.
type composeCommand []string

func (c *composeCommand) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		*c = strings.Fields(n.Value)
		return nil
	}
	var list []string
	err := n.Decode(&list)
	*c = list
	return err
}

type composeBuild struct{ Context, Dockerfile string }

func (b *composeBuild) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		b.Context = n.Value
		return nil
	}
	var v struct{ Context, Dockerfile string }
	err := n.Decode(&v)
	*b = composeBuild(v)
	return err
}

type composeEnvFile struct {
	Path     string
	Required bool
}

func (e *composeEnvFile) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		*e = composeEnvFile{Path: n.Value, Required: true}
		return nil
	}
	v := struct {
		Path     string
		Required *bool
	}{}
	if err := n.Decode(&v); err != nil {
		return err
	}
	*e = composeEnvFile{Path: v.Path, Required: v.Required == nil || *v.Required}
	return nil
}

// composeEnvironment maps a variable to its value (nil = passed through
// from the host).
type composeEnvironment map[string]*string

func (env *composeEnvironment) UnmarshalYAML(n *yaml.Node) error {
	*env = composeEnvironment{}
	if n.Kind == yaml.MappingNode {
		var m map[string]*string
		err := n.Decode(&m)
		*env = m
		return err
	}
	var list []string
	if err := n.Decode(&list); err != nil {
		return err
	}
	for _, kv := range list {
		k, v, ok := strings.Cut(kv, "=")
		if ok {
			(*env)[k] = &v
		} else {
			(*env)[k] = nil
		}
	}
	return nil
}

// composePort keeps the container side of a port mapping.
type composePort struct{ Target string }

func (p *composePort) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		s, _, _ := strings.Cut(n.Value, "/") // drop /tcp
		p.Target = s[strings.LastIndex(s, ":")+1:]
		return nil
	}
	var v struct{ Target string }
	err := n.Decode(&v)
	p.Target = v.Target
	return err
}

type composeVolume struct {
	Source, Target string
	ReadOnly       bool
}

func (v *composeVolume) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		parts := strings.Split(n.Value, ":")
		if len(parts) < 2 {
			*v = composeVolume{Target: parts[0]}
			return nil
		}
		*v = composeVolume{Source: parts[0], Target: parts[1], ReadOnly: len(parts) > 2 && strings.Contains(parts[2], "ro")}
		return nil
	}
	var long struct {
		Source, Target string
		ReadOnly       bool `yaml:"read_only"`
	}
	err := n.Decode(&long)
	*v = composeVolume(long)
	return err
}

// composeDependsOn maps a service to the condition waited for.
type composeDependsOn map[string]string

func (d *composeDependsOn) UnmarshalYAML(n *yaml.Node) error {
	*d = composeDependsOn{}
	if n.Kind == yaml.SequenceNode {
		var list []string
		err := n.Decode(&list)
		for _, s := range list {
			(*d)[s] = "service_started"
		}
		return err
	}
	var m map[string]struct{ Condition string }
	err := n.Decode(&m)
	for s, c := range m {
		(*d)[s] = c.Condition
	}
	return err
}

const composePath = "docker-compose.yml"

func TestCompose(t *testing.T) {
	p := mustProgram(t)
	var c composeFile
	if err := readYAML(composePath, &c); err != nil {
		t.Fatal(err)
	}
	bot, ok := c.Services["faqbot"]
	if !ok {
		t.Fatalf("%s has no faqbot service (services: %v)", composePath, keys(c.Services))
	}
	image := mustImage(t)

	t.Run("docker waits for faqbot's whole stop", func(t *testing.T) {
		// Docker's default is 10 s, then SIGKILL: shorter than the grace
		// period, the drain and the late answers together.
		need := server.DefaultGrace + 2*server.ShutdownTimeout
		got, err := time.ParseDuration(bot.StopGracePeriod)
		if err != nil || got < need {
			t.Errorf("stop_grace_period %q: want at least %v (grace, drain, late answers)", bot.StopGracePeriod, need)
		}
	})

	t.Run("faqbot is built from the repository with deploy/Dockerfile", func(t *testing.T) {
		ctx := filepath.Clean(bot.Build.Context)
		if ctx != ".." {
			t.Errorf("build context %q: want .. (the repository root), which the Dockerfile's COPY paths assume", bot.Build.Context)
		}
		if _, err := os.Stat(filepath.Join(ctx, bot.Build.Dockerfile)); bot.Build.Dockerfile == "" || err != nil {
			t.Errorf("build dockerfile %q does not exist relative to the context %q", bot.Build.Dockerfile, ctx)
		}
	})

	t.Run("every variable set is one faqbot reads", func(t *testing.T) {
		for name := range bot.Environment {
			if !p.env[name] && !goRuntimeEnv[name] {
				t.Errorf("environment sets %s, which faqbot does not read (it reads %v)", name, keys(p.env))
			}
		}
	})

	t.Run("no credential is written into the compose file", func(t *testing.T) {
		for _, name := range keys(bot.Environment) {
			v := deref(bot.Environment[name])
			if strings.HasPrefix(v, "${") {
				continue // taken from the shell or .env
			}
			if secretLike(name) && v != "" || name == "REDIS_URL" && hasPassword(v) {
				t.Errorf("environment %s has a literal value: put it in deploy/.env (env_file)", name)
			}
		}
	})

	t.Run("depends_on waits for a healthy service", func(t *testing.T) {
		if len(bot.DependsOn) == 0 && bot.Environment["REDIS_URL"] != nil {
			t.Error("faqbot uses REDIS_URL but depends on no service")
		}
		for dep, cond := range bot.DependsOn {
			svc, ok := c.Services[dep]
			switch {
			case !ok:
				t.Errorf("depends_on %s: no such service", dep)
			case cond != "service_healthy":
				t.Errorf("depends_on %s has condition %q: want service_healthy, or faqbot starts before %s answers", dep, cond, dep)
			case svc.Healthcheck == nil || len(svc.Healthcheck.Test) == 0:
				t.Errorf("depends_on %s with service_healthy, but %s has no healthcheck test: it would never become healthy", dep, dep)
			}
		}
	})

	t.Run("REDIS_URL names a service of the stack", func(t *testing.T) {
		v := bot.Environment["REDIS_URL"]
		if v == nil {
			t.Skip("REDIS_URL not set: in-memory sessions")
		}
		u, err := url.Parse(*v)
		if err != nil {
			t.Fatalf("REDIS_URL %q: %v", *v, err)
		}
		if _, ok := c.Services[u.Hostname()]; !ok {
			t.Errorf("REDIS_URL host %q is not a service of %s", u.Hostname(), composePath)
		}
		if _, ok := bot.DependsOn[u.Hostname()]; !ok {
			t.Errorf("faqbot does not depend_on %s, the Redis of REDIS_URL", u.Hostname())
		}
	})

	t.Run("the published port is the one faqbot listens on", func(t *testing.T) {
		want := p.listenPort(deref(bot.Environment["FAQBOT_ADDR"]))
		found := false
		for _, port := range bot.Ports {
			found = found || port.Target == want
		}
		if !found {
			t.Errorf("ports %v do not publish container port %s, where faqbot listens", bot.Ports, want)
		}
	})

	t.Run("the configuration files come from a read-only directory mount", func(t *testing.T) {
		for _, name := range []string{"FAQBOT_FAQ", "FAQBOT_INTENTS"} {
			file := image.env[name]
			if v := bot.Environment[name]; v != nil {
				file = *v
			}
			checkMountedFile(t, name, file, bot.Volumes)
		}
		// The dev set may stay the image's own; if the stack points it at
		// the repository, it must be there.
		if v := bot.Environment["FAQBOT_DEV_SET"]; v != nil {
			checkMountedFile(t, "FAQBOT_DEV_SET", *v, bot.Volumes)
		}
	})

	t.Run("the env_file stays out of git and the image", func(t *testing.T) {
		for _, ef := range bot.EnvFile {
			if _, err := os.Stat(ef.Path); err != nil && ef.Required {
				t.Errorf("env_file %s is required but missing: mark it required: false or document creating it", ef.Path)
			}
			if !ignoredBy(t, ".gitignore", ef.Path) {
				t.Errorf("env_file %s holds secrets but deploy/.gitignore does not ignore it", ef.Path)
			}
			if !ignoredBy(t, "../.dockerignore", path.Join("deploy", ef.Path)) {
				t.Errorf("env_file deploy/%s holds secrets but .dockerignore does not keep it out of the build context", ef.Path)
			}
		}
	})
}

// checkMountedFile checks that file (a path in the container) lies under
// a read-only bind mount of a directory, and exists on the host there.
func checkMountedFile(t *testing.T, name, file string, volumes []composeVolume) {
	t.Helper()
	for _, v := range volumes {
		rel, err := filepath.Rel(v.Target, file)
		if err != nil || strings.HasPrefix(rel, "..") || v.Source == "" {
			continue
		}
		if info, err := os.Stat(v.Source); err != nil || !info.IsDir() {
			t.Errorf("%s=%s is mounted from %s, which is not a directory: a file mount pins the inode, so edits saved by rename never reach the bot", name, file, v.Source)
		}
		if _, err := os.Stat(filepath.Join(v.Source, rel)); err != nil {
			t.Errorf("%s=%s: the mount %s:%s has no %s on the host", name, file, v.Source, v.Target, rel)
		}
		if !v.ReadOnly {
			t.Errorf("%s=%s: mount %s:%s is writable; mount it read-only", name, file, v.Source, v.Target)
		}
		return
	}
	t.Errorf("%s=%s is not under any volume of faqbot: edits on the host would not reach the bot", name, file)
}

// ignoredBy reports whether a line of an ignore file matches p exactly or
// as a glob: the files here use plain names, not the full syntax.
func ignoredBy(t *testing.T, ignoreFile, p string) bool {
	t.Helper()
	data, err := os.ReadFile(ignoreFile)
	if err != nil {
		t.Errorf("read %s: %v", ignoreFile, err)
		return false
	}
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimPrefix(strings.TrimSpace(line), "/")
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if ok, _ := path.Match(line, p); ok || line == p {
			return true
		}
	}
	return false
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func (p composePort) String() string { return fmt.Sprintf("->%s", p.Target) }
