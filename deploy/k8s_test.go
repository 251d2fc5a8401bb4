package deploy

import (
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kzrh/faqbot/bot/server"
)

// The subset of the Kubernetes API the checks read.
type (
	deployment struct {
		Spec struct {
			Replicas *int          `yaml:"replicas"`
			Selector labelSelector `yaml:"selector"`
			Strategy struct{ Type string }
			Template struct {
				Metadata struct{ Labels map[string]string }
				Spec     podSpec
			}
		}
	}
	labelSelector struct {
		MatchLabels map[string]string `yaml:"matchLabels"`
	}
	podSpec struct {
		TerminationGracePeriodSeconds *int            `yaml:"terminationGracePeriodSeconds"`
		SecurityContext               securityContext `yaml:"securityContext"`
		Containers                    []container
		Volumes                       []struct {
			Name      string
			ConfigMap *struct{ Name string } `yaml:"configMap"`
		}
	}
	securityContext struct {
		RunAsNonRoot             *bool `yaml:"runAsNonRoot"`
		ReadOnlyRootFilesystem   *bool `yaml:"readOnlyRootFilesystem"`
		AllowPrivilegeEscalation *bool `yaml:"allowPrivilegeEscalation"`
	}
	container struct {
		Name          string
		Command, Args []string
		Ports         []struct {
			Name          string
			ContainerPort int `yaml:"containerPort"`
		}
		Env []struct {
			Name, Value string
			ValueFrom   any `yaml:"valueFrom"`
		}
		EnvFrom []struct {
			ConfigMapRef *struct{ Name string } `yaml:"configMapRef"`
			SecretRef    *struct{ Name string } `yaml:"secretRef"`
		} `yaml:"envFrom"`
		ReadinessProbe *probe `yaml:"readinessProbe"`
		LivenessProbe  *probe `yaml:"livenessProbe"`
		Resources      struct{ Requests, Limits map[string]string }
		// SecurityContext of the container; the pod's applies where unset.
		SecurityContext securityContext `yaml:"securityContext"`
		VolumeMounts    []struct {
			Name      string
			MountPath string `yaml:"mountPath"`
			SubPath   string `yaml:"subPath"`
			ReadOnly  bool   `yaml:"readOnly"`
		} `yaml:"volumeMounts"`
	}
	probe struct {
		HTTPGet *struct{ Path, Port string } `yaml:"httpGet"`
	}
	service struct {
		Spec struct {
			Selector map[string]string
			Ports    []struct {
				Name       string
				TargetPort string `yaml:"targetPort"`
			}
		}
	}
	podDisruptionBudget struct {
		Spec struct {
			MinAvailable *string       `yaml:"minAvailable"`
			Selector     labelSelector `yaml:"selector"`
		}
	}
	kustomization struct {
		Namespace          string
		Resources          []string
		ConfigMapGenerator []struct {
			Name     string
			Files    []string
			Literals []string
		} `yaml:"configMapGenerator"`
	}
)

const k8sDir = "k8s"

// measuredRSS is a replica's resident memory when idle, as measured with
// cmd/faqbot-load (~45-50 MB): the memory request must cover it.
const measuredRSS = 50 << 20

// cluster is what applying deploy/k8s would create, with the generated
// ConfigMaps and the example Secret.
type cluster struct {
	objects     []k8sObject
	deployments map[string]deployment
	services    map[string]service
	pdbs        map[string]podDisruptionBudget
	configMaps  map[string]map[string]string // name -> data (generated: key -> repository file)
	secrets     map[string]map[string]string // name -> stringData
	secretData  map[string]map[string]string // name -> data (base64)
	kustomize   *kustomization
}

func readCluster(t *testing.T) cluster {
	t.Helper()
	objs, err := readManifests(k8sDir)
	if err != nil {
		t.Fatal(err)
	}
	c := cluster{objects: objs, deployments: map[string]deployment{}, services: map[string]service{}, pdbs: map[string]podDisruptionBudget{},
		configMaps: map[string]map[string]string{}, secrets: map[string]map[string]string{}, secretData: map[string]map[string]string{}}
	for _, o := range objs {
		var err error
		name := o.Metadata.Name
		switch o.Kind {
		case "Deployment":
			var d deployment
			err = o.decode(&d)
			c.deployments[name] = d
		case "Service":
			var s service
			err = o.decode(&s)
			c.services[name] = s
		case "PodDisruptionBudget":
			var p podDisruptionBudget
			err = o.decode(&p)
			c.pdbs[name] = p
		case "ConfigMap":
			var cm struct{ Data map[string]string }
			err = o.decode(&cm)
			c.configMaps[name] = cm.Data
		case "Secret":
			var s struct {
				Data       map[string]string
				StringData map[string]string `yaml:"stringData"`
			}
			err = o.decode(&s)
			c.secrets[name], c.secretData[name] = s.StringData, s.Data
		case "Kustomization":
			c.kustomize = new(kustomization)
			err = o.decode(c.kustomize)
			for _, g := range c.kustomize.ConfigMapGenerator {
				data := map[string]string{}
				for _, f := range g.Files {
					key, file, ok := strings.Cut(f, "=")
					if !ok {
						key, file = path.Base(f), f
					}
					data[key] = file
				}
				for _, l := range g.Literals {
					k, v, _ := strings.Cut(l, "=")
					data[k] = v
				}
				c.configMaps[g.Name] = data
			}
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(c.deployments) == 0 {
		t.Fatalf("no Deployment in %s", k8sDir)
	}
	return c
}

func TestKubernetes(t *testing.T) {
	p := mustProgram(t)
	img := mustImage(t)
	c := readCluster(t)

	t.Run("manifests are namespace-agnostic", func(t *testing.T) {
		for _, o := range c.objects {
			if o.Metadata.Namespace != "" {
				t.Errorf("%s sets namespace %s: leave it to kubectl -n or an overlay", o, o.Metadata.Namespace)
			}
		}
		if c.kustomize != nil && c.kustomize.Namespace != "" {
			t.Errorf("kustomization.yaml sets namespace %s: leave it to an overlay", c.kustomize.Namespace)
		}
	})

	t.Run("kustomization lists the manifests and no example", func(t *testing.T) {
		if c.kustomize == nil {
			t.Skip("no kustomization.yaml")
		}
		files, _ := filepath.Glob(filepath.Join(k8sDir, "*.yaml"))
		for _, f := range files {
			base := filepath.Base(f)
			listed := slices.Contains(c.kustomize.Resources, base)
			switch {
			case base == "kustomization.yaml":
			case strings.Contains(base, ".example."):
				if listed {
					t.Errorf("kustomization.yaml applies %s: examples hold placeholders, not values", base)
				}
			case !listed:
				t.Errorf("kustomization.yaml does not list %s", base)
			}
		}
		for _, r := range c.kustomize.Resources {
			if _, err := os.Stat(filepath.Join(k8sDir, r)); err != nil {
				t.Errorf("kustomization.yaml lists %s, which does not exist", r)
			}
		}
		for _, g := range c.kustomize.ConfigMapGenerator {
			for _, file := range c.configMaps[g.Name] {
				if _, err := os.Stat(filepath.Join(k8sDir, file)); err != nil {
					t.Errorf("configMapGenerator %s reads %s, which does not exist", g.Name, file)
				}
			}
		}
	})

	for name, d := range c.deployments {
		t.Run("Deployment "+name, func(t *testing.T) { checkDeployment(t, p, img, c, d) })
	}

	pods := func(sel map[string]string) []string {
		var names []string
		for name, d := range c.deployments {
			if matches(sel, d.Spec.Template.Metadata.Labels) {
				names = append(names, name)
			}
		}
		return names
	}

	t.Run("Services reach the port faqbot listens on", func(t *testing.T) {
		for name, s := range c.services {
			targets := pods(s.Spec.Selector)
			if len(targets) == 0 {
				t.Errorf("Service %s selects %v, which no Deployment's pods carry", name, s.Spec.Selector)
			}
			for _, dn := range targets {
				d := c.deployments[dn]
				for _, sp := range s.Spec.Ports {
					cp, ok := containerPort(d, sp.TargetPort)
					if !ok {
						t.Errorf("Service %s port %s: targetPort %q is no container port of Deployment %s", name, sp.Name, sp.TargetPort, dn)
					} else if want := p.listenPort(effectiveEnv(img, c, d)["FAQBOT_ADDR"]); cp != want {
						t.Errorf("Service %s port %s: targetPort %q is container port %s, but faqbot listens on %s", name, sp.Name, sp.TargetPort, cp, want)
					}
				}
			}
		}
	})

	t.Run("PodDisruptionBudgets select the pods and leave room to drain", func(t *testing.T) {
		if len(c.pdbs) == 0 {
			t.Error("no PodDisruptionBudget: a node drain may stop every replica at once")
		}
		for name, pdb := range c.pdbs {
			targets := pods(pdb.Spec.Selector.MatchLabels)
			if len(pdb.Spec.Selector.MatchLabels) == 0 || len(targets) == 0 {
				t.Errorf("PodDisruptionBudget %s selects %v, which no Deployment's pods carry", name, pdb.Spec.Selector.MatchLabels)
			}
			if pdb.Spec.MinAvailable == nil || *pdb.Spec.MinAvailable != "1" {
				t.Errorf("PodDisruptionBudget %s: want minAvailable: 1", name)
			}
			for _, dn := range targets {
				if r := c.deployments[dn].Spec.Replicas; r != nil && *r <= 1 {
					t.Errorf("PodDisruptionBudget %s: minAvailable 1 with %d replica(s) of %s blocks every drain", name, *r, dn)
				}
			}
		}
	})

	t.Run("Secrets hold placeholders only", func(t *testing.T) {
		for name, data := range c.secretData {
			if len(data) > 0 {
				t.Errorf("Secret %s has data (base64): commit stringData placeholders such as \"<token>\" instead", name)
			}
		}
		for name, data := range c.secrets {
			for k, v := range data {
				if !placeholder.MatchString(v) {
					t.Errorf("Secret %s: %s = %q is not a <placeholder>", name, k, v)
				}
			}
		}
		for name, data := range c.configMaps {
			for k, v := range data {
				if secretLike(k) || k == "REDIS_URL" && hasPassword(v) {
					t.Errorf("ConfigMap %s holds %s: credentials belong in the Secret", name, k)
				}
			}
		}
	})
}

func checkDeployment(t *testing.T, p program, img image, c cluster, d deployment) {
	spec := d.Spec.Template.Spec
	if len(spec.Containers) != 1 {
		t.Fatalf("%d containers: the checks expect faqbot alone", len(spec.Containers))
	}
	ct := spec.Containers[0]
	env := effectiveEnv(img, c, d)
	port := p.listenPort(env["FAQBOT_ADDR"])

	if r := d.Spec.Replicas; r == nil || *r < 2 {
		t.Error("replicas: want 2 or more, so that a restart or a node drain leaves one answering")
	}
	if d.Spec.Strategy.Type != "RollingUpdate" {
		t.Errorf("strategy %q: want RollingUpdate", d.Spec.Strategy.Type)
	}
	if sel := d.Spec.Selector.MatchLabels; len(sel) == 0 || !matches(sel, d.Spec.Template.Metadata.Labels) {
		t.Errorf("selector %v does not match the pod labels %v", sel, d.Spec.Template.Metadata.Labels)
	}

	if !isTrue(ct.SecurityContext.RunAsNonRoot, spec.SecurityContext.RunAsNonRoot) {
		t.Error("runAsNonRoot is not true")
	}
	if !isTrue(ct.SecurityContext.ReadOnlyRootFilesystem) {
		t.Error("the container's readOnlyRootFilesystem is not true")
	}
	if ape := ct.SecurityContext.AllowPrivilegeEscalation; ape == nil || *ape {
		t.Error("the container's allowPrivilegeEscalation is not false")
	}

	if len(ct.Command) > 0 {
		t.Errorf("command %v replaces the image's entrypoint: set args only", ct.Command)
	}
	if len(ct.Args) > 0 && ct.Args[0] != "serve" {
		t.Errorf("args %v: want serve (commands: %v)", ct.Args, keys(p.commands))
	}

	for _, pr := range []struct {
		kind  string
		probe *probe
		path  string
	}{{"readinessProbe", ct.ReadinessProbe, server.PathReady}, {"livenessProbe", ct.LivenessProbe, server.PathHealth}} {
		if pr.probe == nil || pr.probe.HTTPGet == nil {
			t.Errorf("no %s.httpGet", pr.kind)
			continue
		}
		g := pr.probe.HTTPGet
		if !p.routes[g.Path] {
			t.Errorf("%s path %s is not a route bot/server serves (%v)", pr.kind, g.Path, keys(p.routes))
		} else if g.Path != pr.path {
			t.Errorf("%s path %s: want %s", pr.kind, g.Path, pr.path)
		}
		if cp, ok := containerPort(d, g.Port); !ok || cp != port {
			t.Errorf("%s port %q is container port %q: faqbot listens on %s", pr.kind, g.Port, cp, port)
		}
	}

	checkResources(t, ct.Resources.Requests, ct.Resources.Limits)
	checkTermination(t, p, spec, env)

	for _, e := range ct.Env {
		if !p.env[e.Name] && !goRuntimeEnv[e.Name] {
			t.Errorf("env %s: faqbot does not read it (it reads %v)", e.Name, keys(p.env))
		}
		if e.Value != "" && (secretLike(e.Name) || e.Name == "REDIS_URL" && hasPassword(e.Value)) {
			t.Errorf("env %s has a literal value: take it from the Secret", e.Name)
		}
	}
	for _, ef := range ct.EnvFrom {
		var name, kind string
		var data map[string]string
		var ok bool
		switch {
		case ef.ConfigMapRef != nil:
			name, kind = ef.ConfigMapRef.Name, "ConfigMap"
			data, ok = c.configMaps[name]
		case ef.SecretRef != nil:
			name, kind = ef.SecretRef.Name, "Secret"
			data, ok = c.secrets[name]
		}
		if !ok {
			t.Errorf("envFrom %s %s: no such %s in %s", kind, name, kind, k8sDir)
		}
		for _, k := range keys(data) {
			if !p.env[k] && !goRuntimeEnv[k] {
				t.Errorf("envFrom %s %s sets %s: faqbot does not read it", kind, name, k)
			}
		}
	}

	for _, name := range []string{"FAQBOT_FAQ", "FAQBOT_INTENTS"} {
		checkConfigFile(t, c, d, name, env[name])
	}
}

// effectiveEnv is the environment faqbot sees in a Deployment's pod: the
// image's ENV, then envFrom, then env.
func effectiveEnv(img image, c cluster, d deployment) map[string]string {
	env := map[string]string{}
	for k, v := range img.env {
		env[k] = v
	}
	for _, ct := range d.Spec.Template.Spec.Containers {
		for _, ef := range ct.EnvFrom {
			if ef.ConfigMapRef != nil {
				for k, v := range c.configMaps[ef.ConfigMapRef.Name] {
					env[k] = v
				}
			}
		}
		for _, e := range ct.Env {
			env[e.Name] = e.Value
		}
	}
	return env
}

// checkConfigFile checks that a configuration file's path lies in a
// ConfigMap mounted as a directory, under a key the ConfigMap has.
func checkConfigFile(t *testing.T, c cluster, d deployment, name, file string) {
	t.Helper()
	spec := d.Spec.Template.Spec
	for _, m := range spec.Containers[0].VolumeMounts {
		rel, err := filepath.Rel(m.MountPath, file)
		if err != nil || strings.HasPrefix(rel, "..") {
			continue
		}
		if m.SubPath != "" {
			t.Errorf("%s=%s is mounted with subPath: kubelet never updates subPath mounts, so edits would not reload", name, file)
		}
		if !m.ReadOnly {
			t.Errorf("%s=%s: mount %s is not readOnly", name, file, m.MountPath)
		}
		for _, v := range spec.Volumes {
			if v.Name != m.Name {
				continue
			}
			if v.ConfigMap == nil {
				t.Errorf("%s=%s is in volume %s, which is not a ConfigMap", name, file, v.Name)
				return
			}
			data, ok := c.configMaps[v.ConfigMap.Name]
			if !ok {
				t.Errorf("%s=%s: volume %s mounts ConfigMap %s, which %s neither defines nor generates", name, file, v.Name, v.ConfigMap.Name, k8sDir)
			} else if _, ok := data[rel]; !ok {
				t.Errorf("%s=%s: ConfigMap %s has no key %s (keys: %v)", name, file, v.ConfigMap.Name, rel, keys(data))
			}
			return
		}
		t.Errorf("%s=%s: volumeMount %s names no volume", name, file, m.Name)
		return
	}
	t.Errorf("%s=%s is under no volumeMount: the pod would run the image's copy and never see ConfigMap edits", name, file)
}

func checkResources(t *testing.T, requests, limits map[string]string) {
	t.Helper()
	for _, res := range []string{"cpu", "memory"} {
		req, err1 := quantity(requests[res])
		lim, err2 := quantity(limits[res])
		if err1 != nil || err2 != nil {
			t.Errorf("resources %s: request %q, limit %q: want both set (%v, %v)", res, requests[res], limits[res], err1, err2)
			continue
		}
		if req > lim {
			t.Errorf("resources %s: request %s above limit %s", res, requests[res], limits[res])
		}
		if res == "memory" && req < measuredRSS {
			t.Errorf("memory request %s is below the measured idle ~50 MB resident: pods would be packed onto nodes that cannot hold them", requests[res])
		}
	}
}

// quantity parses the Kubernetes quantities the manifests use: 50m, 1,
// 64Mi, 1G.
func quantity(s string) (float64, error) {
	suffixes := []struct {
		s string
		f float64
	}{{"Ki", 1 << 10}, {"Mi", 1 << 20}, {"Gi", 1 << 30}, {"k", 1e3}, {"M", 1e6}, {"G", 1e9}, {"m", 1e-3}}
	for _, sf := range suffixes {
		if n, ok := strings.CutSuffix(s, sf.s); ok {
			v, err := strconv.ParseFloat(n, 64)
			return v * sf.f, err
		}
	}
	return strconv.ParseFloat(s, 64)
}

// containerPort resolves a probe or Service port (a name or a number) to
// the faqbot container's port number.
func containerPort(d deployment, port string) (string, bool) {
	for _, ct := range d.Spec.Template.Spec.Containers {
		for _, cp := range ct.Ports {
			if cp.Name == port || strconv.Itoa(cp.ContainerPort) == port {
				return strconv.Itoa(cp.ContainerPort), true
			}
		}
	}
	return "", false
}

// matches reports whether a label selector selects the labels.
func matches(selector, labels map[string]string) bool {
	for k, v := range selector {
		if labels[k] != v {
			return false
		}
	}
	return len(selector) > 0
}

// isTrue is the first value set, container before pod, and false if none.
func isTrue(vs ...*bool) bool {
	for _, v := range vs {
		if v != nil {
			return *v
		}
	}
	return false
}

// checkTermination checks that Kubernetes waits for faqbot's whole stop
// before it kills the pod: the grace period during which it reports not
// ready but still serves, the drain of requests in flight, then late
// answers and Customer Service's messages in flight together (the drain
// and that last step each bounded by server.ShutdownTimeout).
func checkTermination(t *testing.T, p program, spec podSpec, env map[string]string) {
	t.Helper()
	grace := server.DefaultGrace
	if v := env["FAQBOT_SHUTDOWN_GRACE"]; v != "" {
		d, err := time.ParseDuration(v)
		if err != nil && v != "0" {
			t.Errorf("FAQBOT_SHUTDOWN_GRACE=%q is not a duration", v)
		}
		grace = d
	}
	need := grace + 2*server.ShutdownTimeout
	got := 30 * time.Second // Kubernetes' default
	if s := spec.TerminationGracePeriodSeconds; s != nil {
		got = time.Duration(*s) * time.Second
	}
	if got < need {
		t.Errorf("terminationGracePeriodSeconds %v is shorter than faqbot's stop: grace %v + drain %v + late answers %v",
			got, grace, server.ShutdownTimeout, server.ShutdownTimeout)
	}
	if grace <= 0 {
		t.Error("FAQBOT_SHUTDOWN_GRACE is 0: a rolling update would refuse requests already routed to the stopping pod")
	}
}
