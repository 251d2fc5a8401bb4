package deploy

import (
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
)

// image is what the Dockerfile builds, as far as the checks need.
type image struct {
	stages     []stage
	final      stage
	env        map[string]string // ENV of the final stage
	files      map[string]string // path in the image -> path in the repository
	binaries   map[string]bool   // paths copied from a build stage
	entrypoint instruction
	cmd        instruction
	user       string
	exposed    []string
}

const dockerfilePath = "Dockerfile"

var loadImage = sync.OnceValues(func() (image, error) {
	df, err := readDockerfile(dockerfilePath)
	if err != nil {
		return image{}, err
	}
	if len(df.stages) == 0 {
		return image{}, os.ErrNotExist
	}
	img := image{stages: df.stages, final: df.stages[len(df.stages)-1], env: map[string]string{}, files: map[string]string{}, binaries: map[string]bool{}}
	for _, in := range img.final.instructions {
		switch in.cmd {
		case "ENV":
			for k, v := range in.env() {
				img.env[k] = v
			}
		case "COPY":
			from, srcs, dst := in.copy()
			for _, src := range srcs {
				to := dst
				if strings.HasSuffix(dst, "/") || len(srcs) > 1 {
					to = path.Join(dst, path.Base(src))
				}
				if from != "" {
					img.binaries[to] = true
				} else {
					img.files[to] = src
				}
			}
		case "ENTRYPOINT":
			img.entrypoint = in
		case "CMD":
			img.cmd = in
		case "USER":
			img.user = in.args
		case "EXPOSE":
			for _, p := range strings.Fields(in.args) {
				img.exposed = append(img.exposed, strings.TrimSuffix(p, "/tcp"))
			}
		}
	}
	return img, nil
})

func mustImage(t *testing.T) image {
	t.Helper()
	img, err := loadImage()
	if err != nil {
		t.Fatalf("read %s: %v", dockerfilePath, err)
	}
	return img
}

func TestDockerfile(t *testing.T) {
	p := mustProgram(t)
	img := mustImage(t)
	builder := img.stages[0]

	t.Run("builds with the Go that go.mod asks for", func(t *testing.T) {
		goMod, err := os.ReadFile("../go.mod")
		if err != nil {
			t.Fatal(err)
		}
		m := regexp.MustCompile(`(?m)^go (\d+\.\d+)`).FindSubmatch(goMod)
		if m == nil {
			t.Fatal("no go directive in go.mod")
		}
		if want := "golang:" + string(m[1]); !strings.HasPrefix(builder.image, want) {
			t.Errorf("line %d: the build stage is FROM %s: want %s (go.mod says go %s)", builder.line, builder.image, want, m[1])
		}
	})

	t.Run("builds a static binary of cmd/faqbot", func(t *testing.T) {
		for _, st := range img.stages[:len(img.stages)-1] {
			for _, in := range st.all("RUN") {
				if strings.Contains(in.args, "go build") && strings.Contains(in.args, "./cmd/faqbot") {
					if !strings.Contains(in.args, "CGO_ENABLED=0") {
						t.Errorf("line %d: go build without CGO_ENABLED=0: the binary would need a libc the final image has not", in.line)
					}
					return
				}
			}
		}
		t.Error("no build stage runs go build ... ./cmd/faqbot")
	})

	t.Run("runs on a minimal base as a non-root user", func(t *testing.T) {
		if !regexp.MustCompile(`^(gcr\.io/distroless/static|scratch$|alpine)`).MatchString(img.final.image) {
			t.Errorf("line %d: the final stage is FROM %s: want distroless static, scratch or alpine", img.final.line, img.final.image)
		}
		if u, _, _ := strings.Cut(img.user, ":"); u == "" || u == "root" || u == "0" {
			t.Errorf("the final stage runs as %q: set USER to a non-root user (65532 is distroless's nonroot)", img.user)
		}
	})

	t.Run("exposes the port faqbot listens on", func(t *testing.T) {
		if want := p.listenPort(img.env["FAQBOT_ADDR"]); !slices.Contains(img.exposed, want) {
			t.Errorf("EXPOSE %v: want %s, the port `faqbot serve` listens on", img.exposed, want)
		}
	})

	t.Run("runs faqbot serve", func(t *testing.T) {
		entry, err := img.entrypoint.exec()
		if err != nil {
			t.Fatalf("ENTRYPOINT: %v", err)
		}
		if !img.binaries[entry[0]] {
			t.Errorf("ENTRYPOINT %s is not a file copied from the build stage (copied: %v)", entry[0], keys(img.binaries))
		}
		cmd, err := img.cmd.exec()
		if err != nil {
			t.Fatalf("CMD: %v", err)
		}
		if !p.commands[cmd[0]] {
			t.Errorf("CMD %v: %q is not a faqbot command (commands: %v)", cmd, cmd[0], keys(p.commands))
		} else if cmd[0] != "serve" {
			t.Errorf("CMD %v: the image must run serve", cmd)
		}
	})

	t.Run("sets only variables faqbot reads", func(t *testing.T) {
		for name := range img.env {
			if !p.env[name] && !goRuntimeEnv[name] {
				t.Errorf("ENV %s: faqbot does not read it (it reads %v)", name, keys(p.env))
			}
			if secretLike(name) || name == "REDIS_URL" {
				t.Errorf("ENV %s: credentials and deployment addresses do not belong in the image", name)
			}
		}
	})

	t.Run("points path variables at files it copies", func(t *testing.T) {
		for _, name := range []string{"FAQBOT_FAQ", "FAQBOT_INTENTS"} {
			if _, ok := img.env[name]; !ok {
				t.Errorf("no ENV %s: faqbot would look for its default relative to the working directory, /", name)
			}
		}
		for _, name := range keys(img.env) {
			file := img.env[name]
			if !strings.HasPrefix(file, "/") || path.Ext(file) == "" {
				continue // not a file
			}
			src, ok := img.files[file]
			if !ok {
				t.Errorf("ENV %s=%s, but no COPY puts a file there (copied: %v)", name, file, keys(img.files))
				continue
			}
			if _, err := os.Stat(filepath.Join("..", src)); err != nil {
				t.Errorf("COPY %s: no such file in the repository", src)
			}
			if ignoredBy(t, "../.dockerignore", src) {
				t.Errorf("COPY %s: .dockerignore keeps it out of the build context", src)
			}
		}
	})
}

const envExamplePath = ".env.example"

func TestEnvExample(t *testing.T) {
	p := mustProgram(t)
	vars, err := readDotenv(envExamplePath)
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]int{}
	for _, v := range vars {
		if prev, dup := listed[v.name]; dup {
			t.Errorf("%s:%d: %s is listed again (first on line %d)", envExamplePath, v.line, v.name, prev)
		}
		listed[v.name] = v.line
		if !p.env[v.name] && !goRuntimeEnv[v.name] {
			t.Errorf("%s:%d: faqbot does not read %s", envExamplePath, v.line, v.name)
		}
		if secretLike(v.name) && v.value != "" {
			t.Errorf("%s:%d: %s has a value; secrets stay empty in the example", envExamplePath, v.line, v.name)
		}
	}
	for _, name := range keys(p.env) {
		if _, ok := listed[name]; !ok {
			t.Errorf("faqbot reads %s, but %s does not list it: add it with a comment", name, envExamplePath)
		}
	}
}

// secretLike names hold credentials: they belong in a Secret or deploy/.env,
// never in a committed file.
func secretLike(name string) bool {
	return regexp.MustCompile(`TOKEN|SECRET|AES_KEY|PASSWORD`).MatchString(name)
}

// placeholder is the only thing a committed secret may hold: nothing, or a
// text with <angle-bracketed> parts to replace.
var placeholder = regexp.MustCompile(`^$|<[^<>]+>`)

// hasPassword reports whether a URL (REDIS_URL) carries a password.
func hasPassword(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	pw, ok := u.User.Password()
	return ok && !placeholder.MatchString(pw) || u.Query().Get("sentinel_password") != ""
}

// Shapes of real WeChat credentials: a 43-character EncodingAESKey and a
// 32-hex-digit AppSecret.
var credentialShape = regexp.MustCompile(`\b[A-Za-z0-9+/]{43}\b|\b[0-9a-f]{32}\b`)

func TestNoCredentialLooksCommitted(t *testing.T) {
	err := filepath.WalkDir(".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, ".go") || p == ".env" {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(data), "\n") {
			if m := credentialShape.FindString(line); m != "" {
				t.Errorf("%s:%d: %q looks like a real key or secret; commit placeholders only", p, i+1, m)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
