package localfiles_test

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/internal/localfiles"
)

// outerBound is far beyond what a refusal takes; it only keeps a regression
// from hanging the test run.
const outerBound = 20 * time.Second

// mkfifo replaces whatever is at p with a FIFO.
func mkfifo(t *testing.T, p string) {
	t.Helper()
	require.NoError(t, os.RemoveAll(p))
	if err := syscall.Mkfifo(p, 0o644); err != nil {
		t.Skipf("no fifo support: %v", err)
	}
}

// returns runs call and waits for it to return. If it does not within the
// outer bound, it opens the FIFO at fifo for writing, which releases an open
// blocked on it, so no goroutine outlives the test, and fails.
func returns(t *testing.T, fifo string, call func() error) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- call() }()
	select {
	case err := <-done:
		return err
	case <-time.After(outerBound):
		// O_RDWR never blocks on a FIFO (Linux) and gives the reader a writer.
		if w, err := os.OpenFile(fifo, os.O_RDWR, 0); err == nil {
			defer w.Close()
		}
		<-done
		t.Fatalf("the call blocked on the FIFO %s", fifo)
		return nil
	}
}

// swapToFIFO makes the tree's files swap target for a FIFO just before it is
// opened: after every check on the path, as a racing local user could.
func swapToFIFO(t *testing.T, files *localfiles.Allowed, target string) {
	t.Helper()
	real, err := filepath.EvalSymlinks(target)
	require.NoError(t, err)
	localfiles.SetBeforeOpen(files, func(abs string) {
		if abs == real {
			mkfifo(t, real)
		}
	})
}

// TestFIFOAtThePathRefused: a FIFO named as an upload is refused promptly by
// every entry point that opens a file.
func TestFIFOAtThePathRefused(t *testing.T) {
	tr := newTree(t)
	fifo := filepath.Join(tr.allowed, "pipe.mp4")
	mkfifo(t, fifo)
	calls := map[string]func() error{
		"ReadUpload": func() error { _, err := tr.files.ReadUpload(fifo); return err },
		"OpenUpload": func() error { _, err := tr.files.OpenUpload(fifo); return err },
		"CheckFile":  func() error { return tr.files.CheckFile(context.Background(), fifo) },
		"UploadFile": func() error {
			_, _, err := tr.files.UploadFile(context.Background(), &fakeUploader{}, fifo, nil)
			return err
		},
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			err := returns(t, fifo, call)
			require.ErrorIs(t, err, localfiles.ErrNotRegular)
			assert.Contains(t, err.Error(), "is not a regular file")
		})
	}
}

// TestFileSwappedForFIFOBeforeOpenRefused: the file passes every check and
// is a FIFO when opened. The open must not block and the handle's type must
// be checked.
func TestFileSwappedForFIFOBeforeOpenRefused(t *testing.T) {
	calls := map[string]func(*localfiles.Allowed, string) error{
		"ReadUpload": func(a *localfiles.Allowed, p string) error { _, err := a.ReadUpload(p); return err },
		"OpenUpload": func(a *localfiles.Allowed, p string) error { _, err := a.OpenUpload(p); return err },
		"UploadFile": func(a *localfiles.Allowed, p string) error {
			_, _, err := a.UploadFile(context.Background(), &fakeUploader{}, p, nil)
			return err
		},
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			tr := newTree(t)
			p := filepath.Join(tr.allowed, "logo.png")
			swapToFIFO(t, tr.files, p)
			err := returns(t, p, func() error { return call(tr.files, p) })
			require.ErrorIs(t, err, localfiles.ErrNotRegular)
			assert.Contains(t, err.Error(), "is not a regular file")
		})
	}
}

// TestDirSwappedForFIFOBeforeOpenRefused: a directory (an allowed one, or the
// one a download is saved into) that is a FIFO when opened is refused at once.
func TestDirSwappedForFIFOBeforeOpenRefused(t *testing.T) {
	t.Run("download directory", func(t *testing.T) {
		tr := newTree(t)
		sub := filepath.Join(tr.allowed, "sub")
		swapToFIFO(t, tr.files, sub)
		err := returns(t, sub, func() error { _, err := tr.files.Create(sub, "v.mp4", false, 0); return err })
		require.ErrorIs(t, err, localfiles.ErrNotDir)
		assert.Contains(t, err.Error(), "not a directory")
	})
	t.Run("allowed directory", func(t *testing.T) {
		tr := newTree(t)
		p := filepath.Join(tr.allowed, "logo.png")
		swapToFIFO(t, tr.files, tr.allowed)
		err := returns(t, tr.allowed, func() error { _, err := tr.files.ReadUpload(p); return err })
		require.Error(t, err)
		assert.Contains(t, err.Error(), "cannot be opened")
	})
}
