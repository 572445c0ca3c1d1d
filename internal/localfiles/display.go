package localfiles

import "path/filepath"

// Display is the path a tool result names for a file the server read or
// wrote at real (absolute, links resolved, inside the allowed directories):
// real itself, or WithDirsHidden the path relative to its allowed directory,
// so a remote caller learns where in the directory the file is but not where
// the directory is on the server's host. The relative form is also what the
// caller can pass back (relative paths start at the first allowed directory).
func (a *Allowed) Display(real string) string {
	if a == nil || !a.hideDirs {
		return real
	}
	if _, rel, ok := within(real, a.all(), true); ok {
		return rel
	}
	// Not inside any allowed directory (it was removed meanwhile): the name
	// alone still tells the caller which file it was.
	return filepath.Base(real)
}
