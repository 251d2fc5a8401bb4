package deploy

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/kzrh/faqbot/bot/server"
)

// program is what the code says about the deployed binary. It is read from
// the source rather than copied here, so that renaming a route, a variable
// or a subcommand in the code fails these tests instead of a deployment.
type program struct {
	env      map[string]bool // environment variables cmd/faqbot reads
	commands map[string]bool // faqbot's subcommands
	routes   map[string]bool // paths bot/server can serve
	port     string          // the port `faqbot serve` listens on by default
}

// goRuntimeEnv are read by the Go runtime of every Go program, not by
// faqbot's code: manifests may set them (GOMEMLIMIT under a memory limit).
var goRuntimeEnv = map[string]bool{"GOMEMLIMIT": true, "GOGC": true, "GOMAXPROCS": true, "GODEBUG": true}

const cmdDir = "../cmd/faqbot"

var loadProgram = sync.OnceValues(func() (program, error) {
	files, err := parseDir(cmdDir)
	if err != nil {
		return program{}, err
	}
	p := program{env: envNames(files), commands: commandNames(files), routes: map[string]bool{}}
	for _, r := range server.Routes() {
		p.routes[r] = true
	}
	if len(p.env) == 0 || len(p.commands) == 0 {
		return p, fmt.Errorf("found %d getenv names and %d commands in %s: has the code changed shape? (see program_test.go)", len(p.env), len(p.commands), cmdDir)
	}
	p.port, err = defaultPort(files)
	return p, err
})

func mustProgram(t *testing.T) program {
	t.Helper()
	p, err := loadProgram()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func parseDir(dir string) ([]*ast.File, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return nil, err
	}
	var files []*ast.File
	fset := token.NewFileSet()
	for _, p := range paths {
		if strings.HasSuffix(p, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, p, nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	return files, nil
}

// envNames finds the string literals passed as names to getenv, directly
// (e.getenv("NAME")), through a helper that hands one of its parameters to
// getenv (durationEnv(e, "NAME", def)), or from a loop over a literal list
// (for _, k := range []string{"A", "B"} { e.getenv(k) }).
func envNames(files []*ast.File) map[string]bool {
	readers := map[string]int{"getenv": 0} // function name -> index of the name argument
	for grew := true; grew; {
		grew = false
		for _, f := range files {
			for _, d := range f.Decls {
				fn, ok := d.(*ast.FuncDecl)
				if !ok || fn.Body == nil {
					continue
				}
				if _, known := readers[fn.Name.Name]; known {
					continue
				}
				params := paramIndex(fn.Type)
				ast.Inspect(fn.Body, func(n ast.Node) bool {
					if arg, ok := readerArg(n, readers); ok {
						if id, ok := arg.(*ast.Ident); ok {
							if i, ok := params[id.Name]; ok {
								readers[fn.Name.Name] = i
								grew = true
							}
						}
					}
					return true
				})
			}
		}
	}
	names := map[string]bool{}
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			if arg, ok := readerArg(n, readers); ok {
				if s, ok := stringLit(arg); ok {
					names[s] = true
				}
			}
			if loop, ok := n.(*ast.RangeStmt); ok {
				for _, s := range rangedNames(loop, readers) {
					names[s] = true
				}
			}
			return true
		})
	}
	return names
}

// rangedNames returns the literals of a range over a []string literal whose
// value variable is passed to a reader in the loop body.
func rangedNames(loop *ast.RangeStmt, readers map[string]int) []string {
	lit, ok := loop.X.(*ast.CompositeLit)
	v, isIdent := loop.Value.(*ast.Ident)
	if !ok || !isIdent {
		return nil
	}
	read := false
	ast.Inspect(loop.Body, func(n ast.Node) bool {
		if arg, ok := readerArg(n, readers); ok {
			if id, ok := arg.(*ast.Ident); ok && id.Name == v.Name {
				read = true
			}
		}
		return !read
	})
	if !read {
		return nil
	}
	var names []string
	for _, el := range lit.Elts {
		if s, ok := stringLit(el); ok {
			names = append(names, s)
		}
	}
	return names
}

// readerArg returns the name argument of a call to one of readers.
func readerArg(n ast.Node, readers map[string]int) (ast.Expr, bool) {
	call, ok := n.(*ast.CallExpr)
	if !ok {
		return nil, false
	}
	var name string
	switch fun := call.Fun.(type) {
	case *ast.Ident:
		name = fun.Name
	case *ast.SelectorExpr:
		name = fun.Sel.Name
	}
	i, ok := readers[name]
	if !ok || i >= len(call.Args) {
		return nil, false
	}
	return call.Args[i], true
}

func paramIndex(ft *ast.FuncType) map[string]int {
	idx := map[string]int{}
	i := 0
	for _, field := range ft.Params.List {
		if len(field.Names) == 0 {
			i++
		}
		for _, n := range field.Names {
			idx[n.Name] = i
			i++
		}
	}
	return idx
}

func stringLit(e ast.Expr) (string, bool) {
	lit, ok := e.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(lit.Value)
	return s, err == nil
}

// commandNames reads the keys of the `commands` map literal.
func commandNames(files []*ast.File) map[string]bool {
	names := map[string]bool{}
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			vs, ok := n.(*ast.ValueSpec)
			if !ok || len(vs.Names) != 1 || vs.Names[0].Name != "commands" || len(vs.Values) != 1 {
				return true
			}
			if lit, ok := vs.Values[0].(*ast.CompositeLit); ok {
				for _, el := range lit.Elts {
					if kv, ok := el.(*ast.KeyValueExpr); ok {
						if s, ok := stringLit(kv.Key); ok {
							names[s] = true
						}
					}
				}
			}
			return false
		})
	}
	return names
}

var listenAddr = regexp.MustCompile(`^(\[[0-9a-fA-F:.]*\]|[\w.-]*):(\d+)$`)

// defaultPort finds the literal default next to getenv("FAQBOT_ADDR"), as
// in orDefault(e.getenv("FAQBOT_ADDR"), ":8080").
func defaultPort(files []*ast.File) (string, error) {
	var port string
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok && port == "" && passesEnv(call, "FAQBOT_ADDR") {
				for _, a := range call.Args {
					if s, ok := stringLit(a); ok {
						if m := listenAddr.FindStringSubmatch(s); m != nil {
							port = m[2]
						}
					}
				}
			}
			return port == ""
		})
	}
	if port == "" {
		return "", fmt.Errorf("cannot find the default listen address in %s: expected a literal such as \":8080\" beside getenv(\"FAQBOT_ADDR\"), as in orDefault(e.getenv(\"FAQBOT_ADDR\"), \":8080\")", cmdDir)
	}
	return port, nil
}

// passesEnv reports whether one of call's arguments is getenv(name).
func passesEnv(call *ast.CallExpr, name string) bool {
	for _, a := range call.Args {
		if arg, ok := readerArg(a, map[string]int{"getenv": 0}); ok {
			if s, _ := stringLit(arg); s == name {
				return true
			}
		}
	}
	return false
}

// listenPort is the port faqbot listens on given the FAQBOT_ADDR a manifest
// sets ("" = not set).
func (p program) listenPort(addr string) string {
	if m := listenAddr.FindStringSubmatch(addr); m != nil {
		return m[2]
	}
	return p.port
}

func TestProgramFactsAreFound(t *testing.T) {
	p := mustProgram(t)
	t.Logf("faqbot reads %d variables, has commands %v, serves %v, listens on :%s by default", len(p.env), keys(p.commands), keys(p.routes), p.port)
	for _, name := range []string{"FAQBOT_FAQ", "FAQBOT_INTENTS", "FAQBOT_ADDR", "REDIS_URL"} {
		if !p.env[name] {
			t.Errorf("%s is not among the variables found in %s: the parser in program_test.go misses how the code reads it", name, cmdDir)
		}
	}
	if !p.commands["serve"] {
		t.Errorf("no serve command found in the commands map of %s/main.go", cmdDir)
	}
}
