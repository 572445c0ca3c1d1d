package localfiles

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"
)

// PendingFile is a download being written: bytes go to a hidden temp file in
// the target directory, and only Commit makes them appear under the final
// name (fsync, then an atomic link or rename). A crash, an error or Abort
// leaves no half-written file under that name.
type PendingFile struct {
	root      *os.Root
	f         *os.File
	tmp       string // name relative to root
	name      string
	target    string // absolute final path
	shown     string // the final path as errors name it (Allowed.shown)
	overwrite bool
	written   int64
	limit     int64
	done      bool
}

// Create starts writing file name into dir (an allowed directory, "" = the
// first one). name must be a plain file name. Unless overwrite is set, an
// existing file of that name is refused, here and again atomically at Commit.
// limit caps the bytes written (0 = no cap).
func (a *Allowed) Create(dirPath, name string, overwrite bool, limit int64) (*PendingFile, error) {
	if err := CheckName(name); err != nil {
		return nil, err
	}
	real, err := a.ResolveDir(dirPath)
	if err != nil {
		return nil, err
	}
	root, err := a.openRoot(real)
	if err != nil {
		return nil, refuse(ErrNotDir, dirPath, "%q cannot be opened: %v", a.shown(dirPath, real), unwrapPathError(err))
	}
	target := filepath.Join(real, name)
	shown := a.shown(filepath.Join(dirPath, name), target)
	if st, err := root.Lstat(name); err == nil {
		switch {
		case st.IsDir():
			root.Close()
			return nil, refuse(ErrExists, shown, "%q is an existing directory; pick another file name", shown)
		case !overwrite:
			root.Close()
			return nil, refuse(ErrExists, shown, "%q already exists; pass overwrite: true to replace it, or pick another file name", shown)
		}
	}
	var rnd [6]byte
	_, _ = rand.Read(rnd[:])
	tmp := "." + name + ".part-" + hex.EncodeToString(rnd[:])
	f, err := root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		root.Close()
		return nil, refuse(ErrNotDir, shown, "cannot write in %q: %v", a.shown(dirPath, real), unwrapPathError(err))
	}
	return &PendingFile{root: root, f: f, tmp: tmp, name: name, target: target, shown: shown, overwrite: overwrite, limit: limit}, nil
}

// Path is the final absolute path the file gets at Commit.
func (p *PendingFile) Path() string { return p.target }

// Written is the number of bytes written so far.
func (p *PendingFile) Written() int64 { return p.written }

// Write appends to the temp file, failing once the cap would be passed.
func (p *PendingFile) Write(b []byte) (int, error) {
	if p.done {
		return 0, errors.New("localfiles: write after commit or abort")
	}
	if p.limit > 0 && p.written+int64(len(b)) > p.limit {
		return 0, refuse(ErrTooLarge, p.shown, "the download is larger than the %d MB cap; nothing was saved", p.limit>>20)
	}
	n, err := p.f.Write(b)
	p.written += int64(n)
	return n, err
}

// Commit makes the file appear under its final name. Without overwrite it
// uses a hard link, which fails rather than replace a file that appeared
// meanwhile; with overwrite, rename replaces atomically.
func (p *PendingFile) Commit() error {
	if p.done {
		return errors.New("localfiles: commit after commit or abort")
	}
	if err := p.f.Sync(); err != nil {
		return p.fail(fmt.Errorf("save %q: %w", p.shown, unwrapPathError(err)))
	}
	if err := p.f.Close(); err != nil {
		return p.fail(fmt.Errorf("save %q: %w", p.shown, unwrapPathError(err)))
	}
	if p.overwrite {
		if err := p.root.Rename(p.tmp, p.name); err != nil {
			return p.fail(fmt.Errorf("save %q: %w", p.shown, unwrapPathError(err)))
		}
	} else {
		err := p.root.Link(p.tmp, p.name)
		switch {
		case errors.Is(err, os.ErrExist):
			return p.fail(refuse(ErrExists, p.shown, "%q appeared while downloading; pass overwrite: true to replace it, or pick another file name", p.shown))
		case err != nil:
			// Some filesystems have no hard links: check, then rename.
			if _, lerr := p.root.Lstat(p.name); lerr == nil {
				return p.fail(refuse(ErrExists, p.shown, "%q already exists; pass overwrite: true to replace it", p.shown))
			}
			if err := p.root.Rename(p.tmp, p.name); err != nil {
				return p.fail(fmt.Errorf("save %q: %w", p.shown, unwrapPathError(err)))
			}
		default:
			_ = p.root.Remove(p.tmp)
		}
	}
	// Persist the directory entry too.
	if d, err := p.root.Open("."); err == nil {
		_ = d.Sync()
		d.Close()
	}
	p.done = true
	return p.root.Close()
}

// Abort discards the temp file; it is a no-op after Commit, so it can be deferred.
func (p *PendingFile) Abort() {
	if p.done {
		return
	}
	p.done = true
	p.f.Close()
	_ = p.root.Remove(p.tmp)
	p.root.Close()
}

func (p *PendingFile) fail(err error) error {
	p.done = false
	p.Abort()
	return err
}

// CheckName accepts a plain file name: no directories, no hidden or special names.
func CheckName(name string) error {
	bad := func(why string) error {
		return refuse(ErrBadName, name, "file name %q %s; give a plain name such as \"my-video.mp4\"", name, why)
	}
	switch {
	case name == "":
		return bad("is empty")
	case !utf8.ValidString(name):
		return bad("is not valid UTF-8")
	case strings.ContainsAny(name, `/\`):
		return bad("contains a directory separator (put the directory in the directory argument)")
	case name == "." || name == ".." || strings.HasPrefix(name, "."):
		return bad("starts with a dot")
	case len(name) > 255:
		return bad("is longer than 255 bytes")
	}
	for _, r := range name {
		if unicode.IsControl(r) || r == ':' && filepath.Separator == '\\' {
			return bad("contains control characters")
		}
	}
	return nil
}
