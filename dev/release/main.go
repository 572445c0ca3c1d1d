// Command release writes the server.json to publish to the MCP registry: the
// repository's server.json with each MCP Bundle package's fileSha256 (which
// the registry requires for mcpb packages and which exists only once the
// release is built) filled in from GoReleaser's checksums file.
//
//	go run ./dev/release -checksums dist/checksums.txt -out dist/server.json
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path"
	"regexp"
	"strings"
)

func main() {
	in := flag.String("in", "server.json", "the repository's server.json")
	sums := flag.String("checksums", "dist/checksums.txt", "GoReleaser's checksums file (sha256sum format)")
	out := flag.String("out", "dist/server.json", "where to write the server.json to publish")
	flag.Parse()
	if err := run(*in, *sums, *out); err != nil {
		fmt.Fprintln(os.Stderr, "release:", err)
		os.Exit(1)
	}
}

func run(in, sums, out string) error {
	doc, err := os.ReadFile(in)
	if err != nil {
		return fmt.Errorf("-in: %w", err)
	}
	f, err := os.Open(sums)
	if err != nil {
		return fmt.Errorf("-checksums: %w (run goreleaser release first)", err)
	}
	defer f.Close()
	hashes, err := readChecksums(f)
	if err != nil {
		return fmt.Errorf("-checksums %s: %w", sums, err)
	}
	filled, err := fillHashes(doc, hashes)
	if err != nil {
		return err
	}
	return os.WriteFile(out, filled, 0o644)
}

var sha256Line = regexp.MustCompile(`^([a-f0-9]{64})\s+\*?(\S+)$`)

// readChecksums reads "<sha256>  <file>" lines into file name -> hash.
func readChecksums(r io.Reader) (map[string]string, error) {
	hashes := map[string]string{}
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		m := sha256Line.FindStringSubmatch(line)
		if m == nil {
			return nil, fmt.Errorf("line %d is not \"<sha256>  <file>\": %q", n, line)
		}
		hashes[path.Base(m[2])] = m[1]
	}
	return hashes, sc.Err()
}

// fillHashes sets fileSha256 of every mcpb package from hashes, keyed by the
// file name at the end of its download URL. A bundle missing from the
// checksums is an error: the registry would refuse the entry.
func fillHashes(doc []byte, hashes map[string]string) ([]byte, error) {
	var s map[string]any
	if err := json.Unmarshal(doc, &s); err != nil {
		return nil, fmt.Errorf("server.json: %w", err)
	}
	pkgs, _ := s["packages"].([]any)
	n := 0
	for _, p := range pkgs {
		pkg, ok := p.(map[string]any)
		if !ok || pkg["registryType"] != "mcpb" {
			continue
		}
		id, _ := pkg["identifier"].(string)
		h, ok := hashes[path.Base(id)]
		if !ok {
			return nil, fmt.Errorf("server.json package %s: %s is not in the checksums file (was it built and listed by checksum.extra_files?)", id, path.Base(id))
		}
		pkg["fileSha256"] = h
		n++
	}
	if n == 0 {
		return nil, errors.New("server.json lists no mcpb package")
	}
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}
