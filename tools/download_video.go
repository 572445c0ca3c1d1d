package tools

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/heygen-mcp/heygen-mcp/heygen"
	"github.com/heygen-mcp/heygen-mcp/internal/localfiles"
)

const (
	// MaxVideoDownloadBytes caps one saved video; HeyGen documents no output
	// size, and a 4K video of several minutes stays well below this.
	MaxVideoDownloadBytes = 4 << 30
	// maxExtraDownloadBytes caps subtitles and thumbnails.
	maxExtraDownloadBytes = 50 << 20
	// progressStep is how many bytes pass between progress notifications.
	progressStep = 4 << 20
)

// DownloadVideoParams are download_video's arguments.
type DownloadVideoParams struct {
	VideoID   ID     `json:"video_id" jsonschema:"required,minLength=1,description=Id of a completed video (from get_video or wait_for_video) e.g. vid_abc123."`
	Directory string `json:"directory,omitempty" jsonschema:"maxLength=4096,description=Absolute path of an allowed directory to save into; default: the first allowed directory."`
	Filename  string `json:"filename,omitempty" jsonschema:"maxLength=255,description=File name for the video e.g. launch.mp4; default <video_id>.mp4. Subtitles and thumbnail get the same name with .srt and .jpg."`
	Captioned bool   `json:"captioned,omitempty" jsonschema:"description=Save the version with captions burned in instead of the plain video."`
	Subtitles bool   `json:"subtitles,omitempty" jsonschema:"description=Also save the SRT subtitles."`
	Thumbnail bool   `json:"thumbnail,omitempty" jsonschema:"description=Also save the thumbnail image."`
	Overwrite bool   `json:"overwrite,omitempty" jsonschema:"description=Replace existing files of the same name (default: refuse)."`
}

// SavedFile is one file download_video wrote.
type SavedFile struct {
	Kind string `json:"kind"` // video, subtitles or thumbnail
	// Path is absolute over stdio; over HTTP it is relative to its allowed
	// directory, which a remote caller is not told.
	Path      string `json:"path"`
	SizeBytes int64  `json:"size_bytes"`
}

// DownloadVideoResult is download_video's structured content.
type DownloadVideoResult struct {
	VideoID string      `json:"video_id"`
	Files   []SavedFile `json:"files"`
	// Skipped names extras that were asked for but not saved, and why.
	Skipped []string `json:"skipped,omitempty"`
}

func (r DownloadVideoResult) toolText() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Saved video %s:", r.VideoID)
	for _, f := range r.Files {
		fmt.Fprintf(&b, "\n- %s: %s (%d bytes)", f.Kind, f.Path, f.SizeBytes)
	}
	for _, s := range r.Skipped {
		fmt.Fprintf(&b, "\nNot saved: %s", s)
	}
	return b.String()
}

type downloader struct {
	deps  Deps
	files *localfiles.Allowed
	http  *http.Client
}

// DownloadVideo is download_video: it saves a finished video (and optionally
// its subtitles and thumbnail) into an allowed directory, with progress
// notifications, re-fetching the video once when its signed URL has expired.
// Files appear only complete (temp file, fsync, atomic rename).
func (registry) DownloadVideo() Definition {
	return define(Definition{
		Name: "download_video", Title: "Save a finished video locally", Toolset: ToolsetVideoAgent,
		Example: `{"video_id": "vid_abc123"}`,
		Hints:   Hints{ReadOnly: false, Destructive: false, Idempotent: true, OpenWorld: true},
		Description: "Save a completed HeyGen video as a local file in a directory the user allowed (--allow-dir or the client's roots); " +
			"optionally also its subtitles (.srt) and thumbnail. Refuses to overwrite unless overwrite is true. Sends progress " +
			"when the caller gives a progress token. Call it after get_video or wait_for_video reports status completed.",
	}, Deps.downloadVideo)
}

func (d Deps) downloadVideo(ctx context.Context, p DownloadVideoParams) (DownloadVideoResult, error) {
	http := d.DownloadClient
	if http == nil {
		http = defaultDownloadClient()
	}
	return (&downloader{deps: d, files: d.Files, http: http}).run(ctx, p)
}

// defaultDownloadClient has connect and header timeouts; the body is bounded
// by the call's context only, since videos can be large.
func defaultDownloadClient() *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.DialContext = (&net.Dialer{Timeout: 30 * time.Second}).DialContext
	t.ResponseHeaderTimeout = 60 * time.Second
	return &http.Client{Transport: t}
}

// artifact is one file to save: which URL of the video and under which name.
type artifact struct {
	kind  string
	name  string
	limit int64
	url   func(*heygen.Video) string
}

func (d *downloader) run(ctx context.Context, p DownloadVideoParams) (DownloadVideoResult, error) {
	// A missing key is said first, as by every tool; it costs no request.
	c, _, err := d.deps.client(ctx)
	if err != nil {
		return DownloadVideoResult{}, err
	}
	d.files.RefreshRoots(ctx)
	// Every local check runs before HeyGen is asked anything.
	dir, err := d.files.ResolveDir(p.Directory)
	if err != nil {
		return DownloadVideoResult{}, localFileError("directory", err)
	}
	name := p.Filename
	if name == "" {
		name = string(p.VideoID + ".mp4")
	}
	if err := localfiles.CheckName(name); err != nil {
		return DownloadVideoResult{}, localFileError("filename", err)
	}
	stem := strings.TrimSuffix(name, filepath.Ext(name))
	arts := []artifact{{kind: "video", name: name, limit: MaxVideoDownloadBytes, url: func(v *heygen.Video) string {
		if p.Captioned {
			return deref(v.CaptionedVideoURL)
		}
		return deref(v.VideoURL)
	}}}
	if p.Subtitles {
		arts = append(arts, artifact{kind: "subtitles", name: stem + ".srt", limit: maxExtraDownloadBytes,
			url: func(v *heygen.Video) string { return deref(v.SubtitleURL) }})
	}
	if p.Thumbnail {
		arts = append(arts, artifact{kind: "thumbnail", name: stem + ".jpg", limit: maxExtraDownloadBytes,
			url: func(v *heygen.Video) string { return deref(v.ThumbnailURL) }})
	}
	if !p.Overwrite {
		for _, a := range arts {
			if _, err := os.Lstat(filepath.Join(dir, a.name)); err == nil {
				return DownloadVideoResult{}, argErr("filename", "%q already exists; pass overwrite: true to replace it, or pick another filename",
					filepath.Join(dir, a.name))
			}
		}
	}

	v, err := c.GetVideo(ctx, string(p.VideoID))
	if err != nil {
		return DownloadVideoResult{}, err
	}
	if v.Status == heygen.VideoFailed {
		why := strings.TrimSpace(deref(v.FailureCode) + " " + strings.TrimRight(deref(v.FailureMessage), ". "))
		if why == "" {
			why = "no reason given"
		}
		return DownloadVideoResult{}, &ArgumentError{Field: "video_id", AfterRead: true, Message: fmt.Sprintf(
			"video %s failed (%s), so there is nothing to download; explain the failure to the user", p.VideoID, why)}
	}
	if v.Status != heygen.VideoCompleted {
		return DownloadVideoResult{}, &ArgumentError{Field: "video_id", AfterRead: true, Message: fmt.Sprintf(
			"video %s is %s, not completed; call wait_for_video with video_id %q until it is completed, then download it",
			p.VideoID, v.Status, p.VideoID)}
	}

	prog := &downloadProgress{progress: d.deps.newProgress(ctx)}
	res := DownloadVideoResult{VideoID: string(p.VideoID), Files: []SavedFile{}}
	for i, a := range arts {
		if a.url(v) == "" {
			if i == 0 {
				return DownloadVideoResult{}, fmt.Errorf("HeyGen reported video %s completed but gave no %s URL; "+
					"call get_video to check it", p.VideoID, map[bool]string{true: "captioned_video_url", false: "video_url"}[p.Captioned])
			}
			res.Skipped = append(res.Skipped, fmt.Sprintf("%s: this video has none", a.kind))
			continue
		}
		prog.kind = a.kind
		saved, nv, err := d.saveWithRefresh(ctx, c, v, a, dir, p.Overwrite, prog)
		if nv != nil {
			v = nv
		}
		if err != nil {
			if i == 0 || ctx.Err() != nil {
				return DownloadVideoResult{}, err
			}
			res.Skipped = append(res.Skipped, fmt.Sprintf("%s: %v", a.kind, err))
			continue
		}
		res.Files = append(res.Files, saved)
	}
	return res, nil
}

// errURLExpired marks a 403/404 from a signed URL: it has expired (HeyGen's
// CLI treats these as "expired, re-fetch").
var errURLExpired = errors.New("download URL expired")

// saveWithRefresh downloads one artifact; if its URL has expired it asks
// HeyGen for the video again (fresh signed URLs) and retries once.
func (d *downloader) saveWithRefresh(ctx context.Context, c *heygen.Client, v *heygen.Video, a artifact, dir string,
	overwrite bool, prog *downloadProgress) (SavedFile, *heygen.Video, error) {
	saved, err := d.save(ctx, a.url(v), a, dir, overwrite, prog)
	if !errors.Is(err, errURLExpired) {
		return saved, nil, err
	}
	d.deps.logger().Debug("download URL expired; re-fetching the video", "video_id", v.ID, "kind", a.kind)
	nv, gerr := c.GetVideo(ctx, v.ID)
	if gerr != nil {
		return SavedFile{}, nil, gerr
	}
	u := a.url(nv)
	if u == "" {
		return SavedFile{}, nv, fmt.Errorf("the %s URL expired and HeyGen no longer gives one for video %s", a.kind, v.ID)
	}
	saved, err = d.save(ctx, u, a, dir, overwrite, prog)
	if errors.Is(err, errURLExpired) {
		err = fmt.Errorf("the %s URL was refused even after re-fetching video %s (%w); try again later", a.kind, v.ID, err)
	}
	return saved, nv, err
}

func (d *downloader) save(ctx context.Context, rawURL string, a artifact, dir string, overwrite bool, prog *downloadProgress) (SavedFile, error) {
	body, size, err := d.open(ctx, rawURL)
	if err != nil {
		return SavedFile{}, err
	}
	defer body.Close()
	if size > a.limit {
		return SavedFile{}, fmt.Errorf("the %s is %d MB, over the %d MB cap; nothing was saved", a.kind, size>>20, a.limit>>20)
	}
	pf, err := d.files.Create(dir, a.name, overwrite, a.limit)
	if err != nil {
		return SavedFile{}, localFileError("filename", err)
	}
	defer pf.Abort() // no-op once committed
	prog.start(size)
	buf := make([]byte, 256<<10)
	for {
		n, rerr := body.Read(buf)
		if n > 0 {
			if _, werr := pf.Write(buf[:n]); werr != nil {
				return SavedFile{}, localFileError("filename", werr)
			}
			prog.advance(pf.Written())
		}
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			if ctx.Err() != nil {
				return SavedFile{}, ctx.Err()
			}
			return SavedFile{}, fmt.Errorf("download of the %s broke off after %d bytes (%v); nothing was saved, try again", a.kind, pf.Written(), rerr)
		}
	}
	if size >= 0 && pf.Written() != size {
		return SavedFile{}, fmt.Errorf("download of the %s ended after %d of %d bytes; nothing was saved, try again", a.kind, pf.Written(), size)
	}
	if err := pf.Commit(); err != nil {
		return SavedFile{}, localFileError("filename", err)
	}
	prog.finish(pf.Written())
	// Over HTTP the path is relative to its allowed directory (Display).
	return SavedFile{Kind: a.kind, Path: d.files.Display(pf.Path()), SizeBytes: pf.Written()}, nil
}

// open starts reading a video URL: http(s) from HeyGen's storage, or file://
// only for the sandbox's own sample files. size is -1 when unknown.
func (d *downloader) open(ctx context.Context, rawURL string) (io.ReadCloser, int64, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, 0, fmt.Errorf("HeyGen gave an unusable download URL (%v)", err)
	}
	switch strings.ToLower(u.Scheme) {
	case "file":
		if sim := d.deps.Simulated; sim == nil || sim.IsSampleURL == nil || !sim.IsSampleURL(rawURL) {
			return nil, 0, errors.New("refusing a file:// download URL: only sandbox sample files are read from disk")
		}
		f, err := os.Open(filepath.FromSlash(u.Path))
		if err != nil {
			return nil, 0, fmt.Errorf("sandbox file: %w", err)
		}
		st, err := f.Stat()
		if err != nil || !st.Mode().IsRegular() {
			f.Close()
			return nil, 0, errors.New("sandbox file is not a regular file")
		}
		return f, st.Size(), nil
	case "http", "https":
	default:
		return nil, 0, fmt.Errorf("refusing download URL scheme %q: only https (or the sandbox's files) are fetched", u.Scheme)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, 0, err
	}
	resp, err := d.http.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, 0, ctx.Err()
		}
		// The URL's query holds the signature: name only the host.
		return nil, 0, fmt.Errorf("could not reach %s to download (%v)", u.Host, redactURLError(err))
	}
	switch {
	case resp.StatusCode == http.StatusForbidden || resp.StatusCode == http.StatusNotFound:
		resp.Body.Close()
		return nil, 0, fmt.Errorf("%w (HTTP %d from %s)", errURLExpired, resp.StatusCode, u.Host)
	case resp.StatusCode != http.StatusOK:
		resp.Body.Close()
		return nil, 0, fmt.Errorf("download from %s answered HTTP %d; try again later", u.Host, resp.StatusCode)
	}
	return resp.Body, resp.ContentLength, nil
}

// redactURLError keeps the cause of a *url.Error without its URL (signed query).
func redactURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// downloadProgress counts bytes across all files of the call, so its
// progress only increases.
type downloadProgress struct {
	progress *progress
	kind     string
	total    int64 // of the current file; -1 when unknown
	base     int64 // bytes of the files already saved
	next     int64
}

func (p *downloadProgress) start(total int64) {
	p.total, p.next = total, 0
	p.send(0)
}

func (p *downloadProgress) advance(done int64) {
	if done >= p.next {
		p.next = done + progressStep
		p.send(done)
	}
}

func (p *downloadProgress) finish(done int64) {
	p.send(done)
	p.base += done
}

func (p *downloadProgress) send(done int64) {
	mb := func(n int64) float64 { return float64(n) / (1 << 20) }
	msg := fmt.Sprintf("Downloading %s: %.1f MB", p.kind, mb(done))
	var total float64
	if p.total > 0 {
		msg = fmt.Sprintf("Downloading %s: %.1f of %.1f MB", p.kind, mb(done), mb(p.total))
		if p.base == 0 {
			total = float64(p.total)
		}
	}
	p.progress.send(float64(p.base+done), total, msg)
}
