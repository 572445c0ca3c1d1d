package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/heygen-mcp/heygen-mcp/internal/app"
)

// The registry's published schema, a byte-for-byte copy of
// https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json
// from github.com/modelcontextprotocol/static (commit a9ba437). Moving to a
// newer schema: replace the file and server.json's $schema together.
const schemaFile = "testdata/server.schema.json"

// platforms are the release's six os/arch pairs: GoReleaser's builds,
// scripts/bundle.sh's "all", and the mcpb packages of server.json.
var platforms = []string{"darwin-amd64", "darwin-arm64", "linux-amd64", "linux-arm64", "windows-amd64", "windows-arm64"}

func repoFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", name))
	require.NoError(t, err)
	return b
}

func registrySchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(schemaFile)
	require.NoError(t, err)
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	require.NoError(t, err)
	id, _ := doc.(map[string]any)["$id"].(string)
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	require.NoError(t, c.AddResource(id, doc))
	sch, err := c.Compile(id)
	require.NoError(t, err)
	return sch
}

func validate(t *testing.T, sch *jsonschema.Schema, doc []byte) error {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	require.NoError(t, err)
	return sch.Validate(v)
}

type serverJSON struct {
	Schema   string `json:"$schema"`
	Version  string `json:"version"`
	Packages []struct {
		RegistryType string `json:"registryType"`
		Identifier   string `json:"identifier"`
		Version      string `json:"version"`
		FileSha256   string `json:"fileSha256"`
		Transport    struct {
			Type string `json:"type"`
		} `json:"transport"`
		Env []struct {
			Name     string `json:"name"`
			IsSecret bool   `json:"isSecret"`
		} `json:"environmentVariables"`
	} `json:"packages"`
}

func TestServerJSONMatchesRegistrySchema(t *testing.T) {
	sch := registrySchema(t)
	doc := repoFile(t, "server.json")
	require.NoError(t, validate(t, sch, doc))

	var s serverJSON
	require.NoError(t, json.Unmarshal(doc, &s))
	assert.Equal(t, strings.TrimSuffix(sch.Location, "#"), s.Schema, "server.json's $schema must be the schema kept in "+schemaFile)
	var bundles []string
	for _, p := range s.Packages {
		assert.Equal(t, "stdio", p.Transport.Type, p.Identifier)
		secret := map[string]bool{}
		for _, e := range p.Env {
			secret[e.Name] = e.IsSecret
		}
		assert.True(t, secret["HEYGEN_API_KEY"], "%s: HEYGEN_API_KEY must be listed with isSecret", p.Identifier)
		assert.Contains(t, secret, "HEYGEN_SANDBOX", p.Identifier)
		if p.RegistryType == "mcpb" {
			m := regexp.MustCompile(`^https://github\.com/heygen-mcp/heygen-mcp/releases/download/v[^/]+/heygen-mcp-[^-]+-(\w+-\w+)\.mcpb$`).FindStringSubmatch(p.Identifier)
			require.NotNil(t, m, "mcpb identifier %s is not a release download URL of scripts/bundle.sh's file name", p.Identifier)
			bundles = append(bundles, m[1])
		}
	}
	assert.ElementsMatch(t, platforms, bundles, "server.json must list one bundle per release platform")
}

// A schema violation is reported (the check can fail).
func TestRegistrySchemaRejects(t *testing.T) {
	sch := registrySchema(t)
	doc := repoFile(t, "server.json")
	for _, bad := range [][2]string{
		{`"registryType": "mcpb",`, `"registryType": "mcpb", "fileSha256": "not-a-hash",`},
		{`"type": "stdio"`, `"type": "carrier-pigeon"`},
		{`"isSecret": true`, `"isSecret": "yes"`},
	} {
		require.Error(t, validate(t, sch, bytes.Replace(doc, []byte(bad[0]), []byte(bad[1]), 1)), bad[1])
	}
	var s map[string]any
	require.NoError(t, json.Unmarshal(doc, &s))
	delete(s, "name")
	noName, _ := json.Marshal(s)
	require.Error(t, validate(t, sch, noName))
}

func TestPublishedServerJSONHasBundleHashes(t *testing.T) {
	doc := repoFile(t, "server.json")
	var s serverJSON
	require.NoError(t, json.Unmarshal(doc, &s))
	var sums strings.Builder
	want := map[string]string{}
	for i, p := range s.Packages {
		if p.RegistryType != "mcpb" {
			continue
		}
		h := fmt.Sprintf("%064x", i+1)
		name := filepath.Base(p.Identifier)
		want[p.Identifier] = h
		fmt.Fprintf(&sums, "%s  %s\n", h, name)
	}
	fmt.Fprintf(&sums, "%064x  heygen-mcp_0.1.0_linux_amd64.tar.gz\n", 99)

	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "checksums.txt"), []byte(sums.String()), 0o644))
	out := filepath.Join(dir, "server.json")
	require.NoError(t, run(filepath.Join("..", "..", "server.json"), filepath.Join(dir, "checksums.txt"), out))
	filled, err := os.ReadFile(out)
	require.NoError(t, err)
	require.NoError(t, validate(t, registrySchema(t), filled))
	var got serverJSON
	require.NoError(t, json.Unmarshal(filled, &got))
	for _, p := range got.Packages {
		if p.RegistryType == "mcpb" {
			assert.Equal(t, want[p.Identifier], p.FileSha256, p.Identifier)
		}
	}

	// A bundle the release did not build is an error, not an entry without a hash.
	short := strings.Join(strings.Split(sums.String(), "\n")[1:], "\n")
	require.NoError(t, os.WriteFile(filepath.Join(dir, "short.txt"), []byte(short), 0o644))
	err = run(filepath.Join("..", "..", "server.json"), filepath.Join(dir, "short.txt"), out)
	require.ErrorContains(t, err, "is not in the checksums file")
}

// One version everywhere: internal/app/version.go (what --version prints and
// GoReleaser overrides with the tag) is the source; server.json, its
// packages, the bundle manifest and the image label must say the same.
// scripts/set-version.sh rewrites them all.
func TestVersionEverywhere(t *testing.T) {
	v := app.Version()
	require.Regexp(t, `^\d+\.\d+\.\d+$`, v)

	var s serverJSON
	require.NoError(t, json.Unmarshal(repoFile(t, "server.json"), &s))
	assert.Equal(t, v, s.Version, "server.json version")
	for _, p := range s.Packages {
		switch p.RegistryType {
		case "mcpb":
			assert.Equal(t, v, p.Version, "server.json package %s version", p.Identifier)
			assert.Contains(t, p.Identifier, "/v"+v+"/heygen-mcp-"+v+"-", "server.json package identifier")
		case "oci":
			assert.True(t, strings.HasSuffix(p.Identifier, ":"+v), "server.json image %s must be tagged %s", p.Identifier, v)
		}
	}

	var m struct {
		Version string `json:"version"`
	}
	require.NoError(t, json.Unmarshal(repoFile(t, "manifest.json"), &m))
	assert.Equal(t, v, m.Version, "manifest.json version")

	label := regexp.MustCompile(`org\.opencontainers\.image\.version="([^"]*)"`).FindSubmatch(repoFile(t, "Dockerfile"))
	require.NotNil(t, label, "Dockerfile has no org.opencontainers.image.version label")
	assert.Equal(t, v, string(label[1]), "Dockerfile image version label")
}

// scripts/bundle.sh "all" and .goreleaser.yaml build the same six platforms.
func TestReleasePlatformsAgree(t *testing.T) {
	all := regexp.MustCompile(`(?m)^ALL="([^"]*)"`).FindSubmatch(repoFile(t, "scripts/bundle.sh"))
	require.NotNil(t, all)
	var bundle []string
	for _, p := range strings.Fields(string(all[1])) {
		bundle = append(bundle, strings.Replace(p, "/", "-", 1))
	}
	assert.ElementsMatch(t, platforms, bundle, "scripts/bundle.sh ALL")

	gr := string(repoFile(t, ".goreleaser.yaml"))
	list := func(key string) []string {
		m := regexp.MustCompile(`(?m)^\s+` + key + `:\s*\[([^\]]*)\]`).FindStringSubmatch(gr)
		require.NotNil(t, m, ".goreleaser.yaml has no %s: [...]", key)
		return strings.Fields(strings.ReplaceAll(m[1], ",", " "))
	}
	var built []string
	for _, os := range list("goos") {
		for _, arch := range list("goarch") {
			built = append(built, os+"-"+arch)
		}
	}
	assert.ElementsMatch(t, platforms, built, ".goreleaser.yaml goos x goarch")
}

// .goreleaser.yaml against GoReleaser v2.15.1's own schema (`goreleaser
// jsonschema`, kept in testdata): the config check that needs no GoReleaser
// binary. scripts/release-check.sh runs `goreleaser check` itself when the
// pinned binary is at hand (building it is minutes of CPU).
func TestGoReleaserConfigMatchesItsSchema(t *testing.T) {
	f, err := os.Open("testdata/goreleaser.schema.json")
	require.NoError(t, err)
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	require.NoError(t, err)
	c := jsonschema.NewCompiler()
	require.NoError(t, c.AddResource("goreleaser.schema.json", doc))
	sch, err := c.Compile("goreleaser.schema.json")
	require.NoError(t, err)

	var cfg any
	require.NoError(t, yaml.Unmarshal(repoFile(t, ".goreleaser.yaml"), &cfg))
	require.NoError(t, sch.Validate(cfg))

	// The check can fail: a misspelt key and a wrong type are refused.
	for _, bad := range [][2]string{{"    binary: heygen-mcp", "    binray: heygen-mcp"}, {"  algorithm: sha256", "  algorithm: [sha256]"}} {
		var b any
		mutated := strings.Replace(string(repoFile(t, ".goreleaser.yaml")), bad[0], bad[1], 1)
		require.NotEqual(t, string(repoFile(t, ".goreleaser.yaml")), mutated, bad[0])
		require.NoError(t, yaml.Unmarshal([]byte(mutated), &b))
		require.Error(t, sch.Validate(b), bad[1])
	}
}
