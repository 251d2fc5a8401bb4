package deploy

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// This file reads the deployment files into the little the checks need.
// The Dockerfile and .env are read line by line; YAML with yaml/v3.

// instruction is one Dockerfile instruction, continuation lines joined.
type instruction struct {
	line int
	cmd  string // upper case: FROM, RUN, COPY, ...
	args string
}

// stage is a FROM and the instructions up to the next one.
type stage struct {
	line         int
	image, name  string
	instructions []instruction
}

type dockerfile struct {
	stages []stage
}

func readDockerfile(path string) (dockerfile, error) {
	f, err := os.Open(path)
	if err != nil {
		return dockerfile{}, err
	}
	defer f.Close()
	var (
		df      dockerfile
		args    = map[string]string{} // ARGs before the first FROM, for ${VAR} in FROM
		pending string
		start   int
	)
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue // comments may sit inside a continued instruction, too
		}
		if pending == "" {
			start = n
		}
		if cont, ok := strings.CutSuffix(line, `\`); ok {
			pending += cont + " "
			continue
		}
		cmd, rest, _ := strings.Cut(pending+line, " ")
		pending = ""
		in := instruction{line: start, cmd: strings.ToUpper(cmd), args: strings.TrimSpace(rest)}
		switch {
		case in.cmd == "ARG" && len(df.stages) == 0:
			name, def, _ := strings.Cut(in.args, "=")
			args[name] = def
		case in.cmd == "FROM":
			fields := slices.DeleteFunc(strings.Fields(in.args), func(s string) bool { return strings.HasPrefix(s, "--") })
			if len(fields) == 0 {
				return df, fmt.Errorf("%s:%d: FROM without an image", path, start)
			}
			st := stage{line: start, image: os.Expand(fields[0], func(k string) string { return args[k] })}
			if len(fields) == 3 && strings.EqualFold(fields[1], "AS") {
				st.name = fields[2]
			}
			df.stages = append(df.stages, st)
		case len(df.stages) == 0:
			return df, fmt.Errorf("%s:%d: %s before the first FROM", path, start, in.cmd)
		default:
			last := &df.stages[len(df.stages)-1]
			last.instructions = append(last.instructions, in)
		}
	}
	return df, sc.Err()
}

// all returns a stage's instructions of one kind.
func (s stage) all(cmd string) []instruction {
	var out []instruction
	for _, in := range s.instructions {
		if in.cmd == cmd {
			out = append(out, in)
		}
	}
	return out
}

// exec parses the JSON (exec) form of CMD and ENTRYPOINT.
func (in instruction) exec() ([]string, error) {
	var argv []string
	if err := json.Unmarshal([]byte(in.args), &argv); err != nil || len(argv) == 0 {
		return nil, fmt.Errorf("line %d: %s %s is not in exec form [\"...\"]; the shell form needs a shell, which the image has not", in.line, in.cmd, in.args)
	}
	return argv, nil
}

// env parses ENV in both forms: ENV A=1 B=2 and ENV A 1.
func (in instruction) env() map[string]string {
	vars := map[string]string{}
	fields := strings.Fields(in.args)
	if len(fields) > 0 && !strings.Contains(fields[0], "=") {
		vars[fields[0]] = strings.TrimSpace(strings.TrimPrefix(in.args, fields[0]))
		return vars
	}
	for _, f := range fields {
		k, v, _ := strings.Cut(f, "=")
		vars[k] = strings.Trim(v, `"'`)
	}
	return vars
}

// copy parses COPY: its --from stage (if any), sources and destination.
func (in instruction) copy() (from string, srcs []string, dst string) {
	var rest []string
	for _, f := range strings.Fields(in.args) {
		if v, ok := strings.CutPrefix(f, "--from="); ok {
			from = v
		} else if !strings.HasPrefix(f, "--") {
			rest = append(rest, f)
		}
	}
	if len(rest) < 2 {
		return from, nil, ""
	}
	return from, rest[:len(rest)-1], rest[len(rest)-1]
}

// dotenvLine is one variable of a .env file; commented-out ones count as
// listed but not set.
type dotenvLine struct {
	line      int
	name      string
	value     string
	commented bool
}

var dotenvVar = regexp.MustCompile(`^(#\s*)?([A-Z][A-Z0-9_]*)=(.*)$`)

func readDotenv(path string) ([]dotenvLine, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var vars []dotenvLine
	for i, line := range strings.Split(string(data), "\n") {
		if m := dotenvVar.FindStringSubmatch(strings.TrimSpace(line)); m != nil {
			vars = append(vars, dotenvLine{line: i + 1, name: m[2], value: strings.Trim(m[3], `"'`), commented: m[1] != ""})
		}
	}
	return vars, nil
}

// k8sObject is one document of a Kubernetes manifest.
type k8sObject struct {
	file     string
	Kind     string `yaml:"kind"`
	Metadata struct {
		Name      string            `yaml:"name"`
		Namespace string            `yaml:"namespace"`
		Labels    map[string]string `yaml:"labels"`
	} `yaml:"metadata"`
	node *yaml.Node
}

func (o k8sObject) String() string { return fmt.Sprintf("%s %s (%s)", o.Kind, o.Metadata.Name, o.file) }

// decode reads the whole document into a kind's struct.
func (o k8sObject) decode(v any) error {
	if err := o.node.Decode(v); err != nil {
		return fmt.Errorf("%s: %w", o, err)
	}
	return nil
}

// readManifests reads every document of every YAML file in dir.
func readManifests(dir string) ([]k8sObject, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil {
		return nil, err
	}
	var objs []k8sObject
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return nil, err
		}
		dec := yaml.NewDecoder(f)
		for {
			var node yaml.Node
			err := dec.Decode(&node)
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				f.Close()
				return nil, fmt.Errorf("%s: %w", p, err)
			}
			obj := k8sObject{file: filepath.Base(p), node: &node}
			if err := node.Decode(&obj); err != nil {
				f.Close()
				return nil, fmt.Errorf("%s: %w", p, err)
			}
			if obj.Kind != "" {
				objs = append(objs, obj)
			}
		}
		f.Close()
	}
	return objs, nil
}

func readYAML(path string, v any) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := yaml.Unmarshal(data, v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

func keys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}
