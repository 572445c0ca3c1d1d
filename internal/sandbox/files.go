package sandbox

import (
	"bytes"
	"embed"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

// assets holds the sample clip every sandbox video points at (4 s, 320x180,
// H.264, no audio, captioned "SIMULATED VIDEO") and its thumbnail. Generated
// once with ffmpeg; the command is in README.md ("Sandbox mode for your assistant").
// sample.mp3 is the audio every sandbox text-to-speech result points at: 1 s of
// silence, 28 MPEG-1 Layer III frames (32 kbps, 32 kHz, mono), each the 4-byte
// header FF FB 18 C0 followed by 140 zero bytes (written by hand, no encoder).
//
//go:embed assets/sample.mp4 assets/thumbnail.jpg assets/sample.mp3
var assets embed.FS

const (
	clipAsset      = "assets/sample.mp4"
	thumbnailAsset = "assets/thumbnail.jpg"
	audioAsset     = "assets/sample.mp3"

	// RoutePrefix is where Handler serves files over HTTP: mount Handler at it.
	RoutePrefix = "/sandbox/"

	// tempDirPattern names the stdio temp dir, so a file:// URL says "sandbox".
	tempDirPattern = "heygen-mcp-sandbox-"
	clipFileName   = "SIMULATED-sandbox-video.mp4"
	thumbFileName  = "SIMULATED-sandbox-thumbnail.jpg"
	audioFileName  = "SIMULATED-sandbox-speech.mp3"
)

// SampleClip returns the embedded sample clip.
func SampleClip() []byte { return mustAsset(clipAsset) }

// SampleThumbnail returns the embedded thumbnail (JPEG).
func SampleThumbnail() []byte { return mustAsset(thumbnailAsset) }

// SampleAudio returns the embedded speech sample (MP3).
func SampleAudio() []byte { return mustAsset(audioAsset) }

func mustAsset(name string) []byte {
	b, err := assets.ReadFile(name)
	if err != nil {
		// The files are embedded at build time; a missing one is a build defect.
		panic("sandbox: embedded asset missing: " + name)
	}
	return b
}

// Handler serves the sample clip at /sandbox/<video_id>.mp4, the thumbnail
// at /sandbox/<video_id>.jpg and the speech sample at /sandbox/<request_id>.mp3,
// for any well-formed id: the simulator is the
// source of truth for which ids exist, the files are the same for all of them.
// It accepts paths with or without the /sandbox/ prefix, so it works mounted
// as-is or under http.StripPrefix.
func (s *Sandbox) Handler() http.Handler { return fileHandler{} }

type fileHandler struct{}

func (fileHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	name := strings.TrimPrefix(r.URL.Path, RoutePrefix)
	name = strings.TrimPrefix(name, "/")
	id, ext, ok := splitMediaName(name)
	if !ok || !validID(id) {
		http.NotFound(w, r)
		return
	}
	var body []byte
	var ctype string
	switch ext {
	case ".mp4":
		body, ctype = SampleClip(), "video/mp4"
	case ".jpg":
		body, ctype = SampleThumbnail(), "image/jpeg"
	case ".mp3":
		body, ctype = SampleAudio(), "audio/mpeg"
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("X-Heygen-Mcp-Simulated", "true")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	// ServeContent handles Range requests, which video players send.
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(body))
}

func splitMediaName(name string) (id, ext string, ok bool) {
	ext = path.Ext(name)
	if ext != ".mp4" && ext != ".jpg" && ext != ".mp3" {
		return "", "", false
	}
	return strings.TrimSuffix(name, ext), ext, true
}

// validID is the one id rule (heygen.ValidID), which also keeps any path
// trickery out of the URL.
func validID(id string) bool { return heygen.ValidID(id) }

// httpMediaURL is where a video's file is served over the HTTP transport.
func httpMediaURL(publicBase, videoID, ext string) string {
	return strings.TrimRight(publicBase, "/") + RoutePrefix + url.PathEscape(videoID) + ext
}

// writeFiles writes the clip, thumbnail and speech sample once for stdio, where
// there is no server to serve them from: into dir, or a fresh temp dir when dir is "".
func writeFiles(dir string) (written, clipURL, thumbURL, audioURL string, err error) {
	fresh := dir == ""
	if fresh {
		dir, err = os.MkdirTemp("", tempDirPattern+"*")
	} else {
		dir, err = filepath.Abs(dir)
		if err == nil {
			err = os.MkdirAll(dir, 0o755)
		}
	}
	if err != nil {
		return "", "", "", "", err
	}
	clip := filepath.Join(dir, clipFileName)
	thumb := filepath.Join(dir, thumbFileName)
	audio := filepath.Join(dir, audioFileName)
	if err = os.WriteFile(clip, SampleClip(), 0o644); err == nil {
		err = os.WriteFile(thumb, SampleThumbnail(), 0o644)
	}
	if err == nil {
		err = os.WriteFile(audio, SampleAudio(), 0o644)
	}
	if err != nil {
		if fresh {
			_ = os.RemoveAll(dir)
		}
		return "", "", "", "", err
	}
	return dir, fileURL(clip), fileURL(thumb), fileURL(audio), nil
}

func orTempDir(dir string) string {
	if dir == "" {
		return "a temp dir"
	}
	return dir
}

func fileURL(p string) string {
	p = filepath.ToSlash(p)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // Windows drive paths: file:///C:/...
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}

// IsSandboxURL reports whether u is a URL the sandbox hands out: a clip,
// thumbnail or speech sample under /sandbox/ over HTTP, one of its SIMULATED-sandbox-* files
// over stdio, or anything on the sandbox's fake API origin. The server uses it
// to mark results SIMULATED so a model never presents them as a real video.
func IsSandboxURL(u string) bool {
	p, err := url.Parse(u)
	if err != nil || u == "" {
		return false
	}
	switch strings.ToLower(p.Scheme) {
	case "file":
		name := path.Base(p.Path)
		return name == clipFileName || name == thumbFileName || name == audioFileName
	case "http", "https":
		if strings.EqualFold(p.Host, sandboxHost) {
			return true
		}
		dir, name := path.Split(p.Path)
		if !strings.HasSuffix(dir, RoutePrefix) {
			return false
		}
		id, _, ok := splitMediaName(name)
		return ok && validID(id)
	}
	return false
}
