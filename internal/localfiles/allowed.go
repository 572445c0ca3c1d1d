// Package localfiles lets the server read and write local files only inside the
// directories the user allowed: --allow-dir (repeatable) and, over stdio, the
// client's MCP roots. Paths are resolved without following a symbolic link out
// of those directories, files are opened through os.Root so a link swapped in
// after the check cannot escape either, uploads are size- and type-checked
// before anything is sent, and downloads never leave a half-written file.
package localfiles

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
)

// Error kinds; every *Error unwraps to one of them.
var (
	ErrNoDirs          = errors.New("no local directories are allowed")
	ErrOutside         = errors.New("outside the allowed directories")
	ErrNotFound        = errors.New("file not found")
	ErrNotRegular      = errors.New("not a regular file")
	ErrNotDir          = errors.New("not a directory")
	ErrTooLarge        = errors.New("file too large")
	ErrUnsupportedType = errors.New("unsupported file type")
	ErrExists          = errors.New("file already exists")
	ErrBadName         = errors.New("bad file name")
)

// Error is a refused local path. Its text names the path, what is wrong and
// how to fix it, so tools can hand it to the model as it is.
type Error struct {
	Path string
	Kind error
	Msg  string
}

func (e *Error) Error() string { return e.Msg }
func (e *Error) Unwrap() error { return e.Kind }

func refuse(kind error, path, format string, a ...any) error {
	return &Error{Path: path, Kind: kind, Msg: fmt.Sprintf(format, a...)}
}

// dir is one allowed directory: as given (absolute, cleaned) and with its
// symbolic links resolved, so containment can be checked on both spellings
// (/tmp vs /private/tmp on macOS).
type dir struct{ given, real string }

// Option configures Allowed.
type Option func(*Allowed)

// WithClientRoots makes RefreshRoots ask the MCP client for its roots and
// allow them too. Use it over stdio only: there the client is the local user;
// a remote HTTP client must not widen what the server may read on its host.
func WithClientRoots() Option { return func(a *Allowed) { a.clientRoots = true } }

// WithDirsHidden keeps the server's directories out of error messages: they
// name the path as the caller gave it, never the allowed directories nor a
// path resolved against them. Use it for remote (HTTP) callers, who need not
// learn the server's file layout; over stdio the caller is the local user,
// whom the directories help.
func WithDirsHidden() Option { return func(a *Allowed) { a.hideDirs = true } }

// WithLogger sets where skipped roots are reported (default slog.Default()).
func WithLogger(l *slog.Logger) Option { return func(a *Allowed) { a.log = l } }

// Allowed is the set of directories the server may read from and write to.
// It is safe for concurrent use. A nil *Allowed allows nothing.
type Allowed struct {
	clientRoots bool
	hideDirs    bool
	log         *slog.Logger

	// beforeOpen, when set (tests only), runs just before each open, with
	// the absolute path about to be opened: the window a swap could use.
	beforeOpen func(abs string)

	mu    sync.RWMutex
	dirs  []dir // --allow-dir, in the order given
	roots []dir // the client's MCP roots, replaced by SetRoots
}

// New checks that every dir exists and is a directory and returns the set.
// No dirs is valid: every path is then refused with advice to add --allow-dir.
func New(dirs []string, opts ...Option) (*Allowed, error) {
	a := &Allowed{log: slog.Default()}
	for _, o := range opts {
		o(a)
	}
	for _, d := range dirs {
		nd, err := newDir(d)
		if err != nil {
			return nil, fmt.Errorf("--allow-dir %q: %w", d, err)
		}
		if !slices.Contains(a.dirs, nd) {
			a.dirs = append(a.dirs, nd)
		}
	}
	return a, nil
}

func newDir(d string) (dir, error) {
	if strings.TrimSpace(d) == "" {
		return dir{}, errors.New("is empty; give an existing directory")
	}
	abs, err := filepath.Abs(expandHome(d))
	if err != nil {
		return dir{}, err
	}
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return dir{}, fmt.Errorf("does not exist or cannot be read; create it first (%w)", unwrapPathError(err))
	}
	st, err := os.Stat(real)
	if err != nil {
		return dir{}, unwrapPathError(err)
	}
	if !st.IsDir() {
		return dir{}, errors.New("is not a directory")
	}
	return dir{given: abs, real: real}, nil
}

// Dirs returns the allowed directories: --allow-dir first, then client roots.
func (a *Allowed) Dirs() []string {
	var out []string
	for _, d := range a.all() {
		out = append(out, d.given)
	}
	return out
}

func (a *Allowed) all() []dir {
	if a == nil {
		return nil
	}
	a.mu.RLock()
	defer a.mu.RUnlock()
	out := slices.Clone(a.dirs)
	for _, r := range a.roots {
		if !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	return out
}

// SetRoots replaces the client roots with the given file:// URIs. Roots that are
// not file:// URIs of existing directories are skipped; the others are applied
// and the returned error (if any) names the skipped ones.
func (a *Allowed) SetRoots(uris []string) error {
	if a == nil {
		return ErrNoDirs
	}
	var (
		roots   []dir
		skipped []string
	)
	for _, u := range uris {
		p, err := rootPath(u)
		if err == nil {
			var d dir
			if d, err = newDir(p); err == nil {
				if !slices.Contains(roots, d) {
					roots = append(roots, d)
				}
				continue
			}
		}
		skipped = append(skipped, fmt.Sprintf("%q (%v)", u, err))
	}
	a.mu.Lock()
	a.roots = roots
	a.mu.Unlock()
	if len(skipped) > 0 {
		return fmt.Errorf("skipped MCP roots: %s", strings.Join(skipped, ", "))
	}
	return nil
}

func rootPath(uri string) (string, error) {
	u, err := url.Parse(uri)
	if err != nil || !strings.EqualFold(u.Scheme, "file") || (u.Host != "" && u.Host != "localhost") {
		return "", errors.New("not a local file:// URI")
	}
	p := u.Path
	if runtime.GOOS == "windows" {
		p = strings.TrimPrefix(p, "/") // file:///C:/x -> C:/x
	}
	if p == "" {
		return "", errors.New("has no path")
	}
	return filepath.FromSlash(p), nil
}

// RefreshRoots asks the client for its roots (roots/list) and applies them,
// when the set was built WithClientRoots and the client advertised roots. It is
// cheap enough to call before each file operation, which keeps the roots
// current without a list_changed handler. Failures are logged, not returned:
// the --allow-dir directories still apply.
func (a *Allowed) RefreshRoots(ctx context.Context) {
	if a == nil || !a.clientRoots {
		return
	}
	srv := server.ServerFromContext(ctx)
	if srv == nil || !clientHasRoots(ctx) {
		return
	}
	res, err := srv.RequestRoots(ctx, mcp.ListRootsRequest{})
	if err != nil {
		a.log.Warn("could not list the client's MCP roots", "err", err)
		return
	}
	uris := make([]string, 0, len(res.Roots))
	for _, r := range res.Roots {
		uris = append(uris, r.URI)
	}
	if err := a.SetRoots(uris); err != nil {
		a.log.Warn("some MCP roots are not usable", "err", err)
	}
}

func clientHasRoots(ctx context.Context) bool {
	if info := server.RequestProtocolInfoFromContext(ctx); info != nil && info.Modern {
		return info.ClientCapabilities != nil && info.ClientCapabilities.Roots != nil
	}
	s, ok := server.ClientSessionFromContext(ctx).(server.SessionWithClientInfo)
	return ok && s.GetClientCapabilities().Roots != nil
}

// describe lists the allowed directories for an error message, after a
// space: " [/a, /b]"; nothing WithDirsHidden.
func (a *Allowed) describe() string {
	if a.hideDirs {
		return ""
	}
	return " [" + strings.Join(a.Dirs(), ", ") + "]"
}

// shown is the path an error names: the resolved one, or WithDirsHidden the
// caller's own (a relative path resolved would name an allowed directory).
func (a *Allowed) shown(given, resolved string) string {
	if a.hideDirs {
		return given
	}
	return resolved
}

func (a *Allowed) noDirs(path string) error {
	return refuse(ErrNoDirs, path, "no local directories are allowed, so %q cannot be used: start the server with --allow-dir <dir> "+
		"(repeatable) to let it read and write files in that directory", path)
}

func (a *Allowed) outside(path string) error {
	return refuse(ErrOutside, path, "%q is outside the allowed directories%s; start the server with --allow-dir <dir> "+
		"or pick a file inside them", path, a.describe())
}

// clean makes path absolute and refuses ".." components outright: a path that
// climbs is either an escape attempt or needlessly ambiguous. A relative path
// is taken from the first allowed directory.
func (a *Allowed) clean(path string, dirs []dir) (string, error) {
	if strings.TrimSpace(path) == "" {
		return "", refuse(ErrNotFound, path, "path is empty; give the absolute path of a file inside the allowed directories%s", a.describe())
	}
	if strings.ContainsRune(path, 0) {
		return "", refuse(ErrBadName, path, "path contains a NUL byte")
	}
	path = expandHome(path)
	for part := range strings.SplitSeq(filepath.ToSlash(path), "/") {
		if part == ".." {
			return "", refuse(ErrOutside, path, "%q contains \"..\"; give the full path of a file inside the allowed directories%s", path, a.describe())
		}
	}
	if !filepath.IsAbs(path) {
		path = filepath.Join(dirs[0].given, path)
	}
	return filepath.Clean(path), nil
}

// within returns the allowed dir containing p (by either spelling), longest first.
func within(p string, dirs []dir, real bool) (dir, string, bool) {
	best, bestRel, bestLen, ok := dir{}, "", 0, false
	for _, d := range dirs {
		base := d.given
		if real {
			base = d.real
		}
		rel, err := filepath.Rel(base, p)
		if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
			continue
		}
		if !ok || len(base) > bestLen {
			best, bestRel, bestLen, ok = d, rel, len(base), true
		}
	}
	return best, bestRel, ok
}

// resolve checks path lexically first (so nothing outside is even looked at),
// then resolves symbolic links and checks the real location again. It returns
// the real path, its allowed dir and the path relative to that dir's real form.
func (a *Allowed) resolve(path string) (string, dir, string, error) {
	dirs := a.all()
	if len(dirs) == 0 {
		return "", dir{}, "", a.noDirs(path)
	}
	abs, err := a.clean(path, dirs)
	if err != nil {
		return "", dir{}, "", err
	}
	shown := a.shown(path, abs)
	if _, _, ok := within(abs, dirs, false); !ok {
		if _, _, ok := within(abs, dirs, true); !ok {
			return "", dir{}, "", a.outside(shown)
		}
	}
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			hint := ""
			if !a.hideDirs {
				hint = " (allowed directories:" + a.describe() + ")"
			}
			return "", dir{}, "", refuse(ErrNotFound, shown, "%q does not exist; check the name%s", shown, hint)
		}
		return "", dir{}, "", refuse(ErrNotFound, shown, "%q cannot be read: %v", shown, unwrapPathError(err))
	}
	d, rel, ok := within(real, dirs, true)
	if !ok {
		return "", dir{}, "", refuse(ErrOutside, shown, "%q leads through a symbolic link out of the allowed directories%s; "+
			"copy the file into one of them instead", shown, a.describe())
	}
	return real, d, rel, nil
}

// Resolve returns the real absolute path of an existing regular file inside
// the allowed directories.
func (a *Allowed) Resolve(path string) (string, error) {
	real, _, _, err := a.resolve(path)
	if err != nil {
		return "", err
	}
	st, err := os.Stat(real)
	if err != nil {
		return "", refuse(ErrNotFound, path, "%q cannot be read: %v", path, unwrapPathError(err))
	}
	if !st.Mode().IsRegular() {
		return "", notRegular(path, st)
	}
	return real, nil
}

// ResolveDir returns the real absolute path of an existing directory inside
// the allowed directories ("" means the first allowed directory).
func (a *Allowed) ResolveDir(path string) (string, error) {
	if path == "" {
		dirs := a.all()
		if len(dirs) == 0 {
			return "", a.noDirs(path)
		}
		return dirs[0].real, nil
	}
	real, _, _, err := a.resolve(path)
	if err != nil {
		return "", err
	}
	st, err := os.Stat(real)
	if err != nil || !st.IsDir() {
		return "", refuse(ErrNotDir, path, "%q is not a directory; give an existing directory inside the allowed directories%s", path, a.describe())
	}
	return real, nil
}

// open opens an allowed regular file through os.Root, so a path component
// swapped for an escaping link after resolve cannot be followed.
func (a *Allowed) open(path string) (*os.File, os.FileInfo, string, error) {
	real, d, rel, err := a.resolve(path)
	if err != nil {
		return nil, nil, "", err
	}
	root, err := a.openRoot(d.real)
	if err != nil {
		if a.hideDirs {
			return nil, nil, "", refuse(ErrNotFound, path, "%q cannot be read: its allowed directory cannot be opened (%v)", path, unwrapPathError(err))
		}
		return nil, nil, "", refuse(ErrNotFound, path, "allowed directory %q cannot be opened: %v", d.given, unwrapPathError(err))
	}
	defer root.Close()
	f, st, err := a.openRegular(root, rel, path)
	if err != nil {
		return nil, nil, "", err
	}
	return f, st, real, nil
}

func notRegular(path string, st os.FileInfo) error {
	if st.IsDir() {
		return refuse(ErrNotRegular, path, "%q is a directory; give the path of a file in it", path)
	}
	return refuse(ErrNotRegular, path, "%q is not a regular file (it is a %s); give an ordinary file", path, st.Mode().Type())
}

func expandHome(p string) string {
	if p == "~" || strings.HasPrefix(p, "~/") {
		if h, err := os.UserHomeDir(); err == nil {
			return filepath.Join(h, strings.TrimPrefix(p, "~"))
		}
	}
	return p
}

// unwrapPathError drops *PathError's repetition of the path.
func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
