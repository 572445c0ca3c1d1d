package localfiles

import (
	"os"
	"path/filepath"
	"syscall"
)

// Every file and directory this package opens is opened without a type check
// by path first: a check and an open are two looks at a path that can change
// in between, and a FIFO swapped in would block open(2) until a writer
// appears, hanging the call and then the server's shutdown. Instead the open
// itself cannot block, and the type is checked on the opened handle, which is
// then the only thing read.

// openRegular opens rel inside root for reading and refuses anything but a
// regular file. O_NONBLOCK makes opening a FIFO or a device return at once
// (it changes nothing for regular files, whose reads never block on it);
// O_NOCTTY keeps a terminal from becoming the server's controlling one.
func (a *Allowed) openRegular(root *os.Root, rel, path string) (*os.File, os.FileInfo, error) {
	if a.beforeOpen != nil {
		a.beforeOpen(filepath.Join(root.Name(), rel))
	}
	f, err := root.OpenFile(rel, os.O_RDONLY|syscall.O_NONBLOCK|syscall.O_NOCTTY, 0)
	if err != nil {
		return nil, nil, refuse(ErrOutside, path, "%q cannot be opened inside the allowed directories: %v", path, unwrapPathError(err))
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, refuse(ErrNotFound, path, "%q cannot be read: %v", path, unwrapPathError(err))
	}
	if !st.Mode().IsRegular() {
		f.Close()
		return nil, nil, notRegular(path, st)
	}
	return f, st, nil
}

// openRoot opens the directory abs (absolute, links resolved) as an os.Root.
// os.OpenRoot and Root.OpenRoot open the last component with a plain open(2),
// which blocks on a FIFO; the components before it are opened with
// O_DIRECTORY, which fails at once on anything but a directory. So the walk
// starts at the volume's root directory, which cannot be swapped, and ends in
// "/.": abs itself is then an inner component, and its type check is its open.
func (a *Allowed) openRoot(abs string) (*os.Root, error) {
	if a.beforeOpen != nil {
		a.beforeOpen(abs)
	}
	top := filepath.VolumeName(abs) + string(filepath.Separator)
	rel, err := filepath.Rel(top, abs)
	if err != nil {
		return nil, err
	}
	r, err := os.OpenRoot(top)
	if err != nil || rel == "." {
		return r, err
	}
	defer r.Close()
	return r.OpenRoot(rel + string(filepath.Separator) + ".")
}
