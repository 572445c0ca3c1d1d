package tools

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/url"
	"strings"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

// MaxInlineFileBytes caps one base64 file after decoding. HeyGen documents
// 32 MB for uploads but no limit for inline content (inferred); inline bytes
// also travel inside one JSON-RPC message, so larger files go by url or asset_id.
const MaxInlineFileBytes = 10 << 20

// FileInput is one entry of files: HeyGen's AssetInput union on type.
type FileInput struct {
	Type      string `json:"type" jsonschema:"required,enum=url,enum=asset_id,enum=base64,enum=path,description=Which kind of file reference this is: url (a public https link HeyGen downloads) or asset_id (an uploaded HeyGen asset) or base64 (inline bytes; at most 10 MiB) or path (a local file inside the directories the user allowed; the server uploads it first)."`
	URL       string `json:"url,omitempty" jsonschema:"maxLength=2048,description=For type url: a public https URL of an image (png/jpeg) or video (mp4/webm) or audio (mp3/wav) or PDF. Not a web page."`
	AssetID   ID     `json:"asset_id,omitempty" jsonschema:"description=For type asset_id: the id of an asset already uploaded to HeyGen (e.g. asset_abc123)."`
	MediaType string `json:"media_type,omitempty" jsonschema:"enum=image/png,enum=image/jpeg,enum=video/mp4,enum=video/webm,enum=audio/mpeg,enum=audio/wav,enum=application/pdf,description=For type base64: the MIME type of data."`
	Data      string `json:"data,omitempty" jsonschema:"description=For type base64: the file content as standard base64 (no data: prefix)."`
	Path      string `json:"path,omitempty" jsonschema:"maxLength=4096,description=For type path: absolute path of a local file inside the directories the user allowed (--allow-dir or the client's roots) e.g. /home/me/slides/deck.pdf. png/jpeg/mp4/webm/mp3/wav/pdf/srt up to 2 GB; uploaded to HeyGen before the call."`
}

// toAssetInputs checks the union shape of every entry and converts them. A
// {"type":"path"} entry stays a zero AssetInput until resolvePaths uploads it.
func toAssetInputs(field string, files []FileInput) ([]heygen.AssetInput, error) {
	if len(files) > heygen.MaxFiles {
		return nil, argErr(field, "has %d files; at most %d are allowed", len(files), heygen.MaxFiles)
	}
	out := make([]heygen.AssetInput, 0, len(files))
	for i, f := range files {
		path := fmt.Sprintf("%s[%d]", field, i)
		in, err := f.toAssetInput(path)
		if err != nil {
			return nil, err
		}
		out = append(out, in)
	}
	return out, nil
}

func (f FileInput) toAssetInput(path string) (heygen.AssetInput, error) {
	extra := func(names ...string) error {
		for _, n := range names {
			set := map[string]bool{"url": f.URL != "", "asset_id": f.AssetID != "", "media_type": f.MediaType != "", "data": f.Data != "", "path": f.Path != ""}[n]
			if set {
				return argErr(path+"."+n, "is not used with type %q; remove it", f.Type)
			}
		}
		return nil
	}
	switch f.Type {
	case "url":
		if f.URL == "" {
			return heygen.AssetInput{}, argErr(path+".url", "is required when type is \"url\": give a public https link")
		}
		u, err := url.Parse(f.URL)
		if err != nil || u.Scheme != "https" || u.Host == "" {
			return heygen.AssetInput{}, argErr(path+".url", "must be an absolute https URL that HeyGen can download, e.g. https://example.com/slide.png")
		}
		if err := extra("asset_id", "media_type", "data", "path"); err != nil {
			return heygen.AssetInput{}, err
		}
		return heygen.URLFile(f.URL), nil
	case "asset_id":
		if f.AssetID == "" {
			return heygen.AssetInput{}, argErr(path+".asset_id", "is required when type is \"asset_id\"")
		}
		if err := extra("url", "media_type", "data", "path"); err != nil {
			return heygen.AssetInput{}, err
		}
		return heygen.AssetFile(string(f.AssetID)), nil
	case "base64":
		if f.MediaType == "" {
			return heygen.AssetInput{}, argErr(path+".media_type", "is required when type is \"base64\", e.g. image/png")
		}
		if f.Data == "" {
			return heygen.AssetInput{}, argErr(path+".data", "is required when type is \"base64\": the file content in standard base64")
		}
		if strings.HasPrefix(f.Data, "data:") {
			return heygen.AssetInput{}, argErr(path+".data", "must be bare base64: drop the \"data:...;base64,\" prefix")
		}
		if n := base64.StdEncoding.DecodedLen(len(f.Data)); n > MaxInlineFileBytes+2 {
			return heygen.AssetInput{}, argErr(path+".data", "is about %d MiB; inline files are capped at %d MiB: pass a public https url (type url) instead", n>>20, MaxInlineFileBytes>>20)
		}
		if _, err := base64.StdEncoding.DecodeString(f.Data); err != nil {
			return heygen.AssetInput{}, argErr(path+".data", "is not valid standard base64: %v", err)
		}
		if err := extra("url", "asset_id", "path"); err != nil {
			return heygen.AssetInput{}, err
		}
		return heygen.Base64File(f.MediaType, f.Data), nil
	case "path":
		if strings.TrimSpace(f.Path) == "" {
			return heygen.AssetInput{}, argErr(path+".path", "is required when type is \"path\": give the absolute path of a local file inside an allowed directory")
		}
		if err := extra("url", "asset_id", "media_type", "data"); err != nil {
			return heygen.AssetInput{}, err
		}
		return heygen.AssetInput{}, nil // resolvePaths uploads it
	default:
		return heygen.AssetInput{}, argErr(path+".type", "must be one of url, asset_id, base64, path")
	}
}

// resolvePaths uploads the {"type":"path"} entries of files and puts their
// asset ids into in (as returned by toAssetInputs). Every path is checked
// (allowed directory, size, type) before the first upload, so a bad entry
// sends nothing; an upload error stops before the caller's own request.
func (d Deps) resolvePaths(ctx context.Context, c *heygen.Client, field string, files []FileInput, in []heygen.AssetInput) error {
	var idx []int
	for i, f := range files {
		if f.Type == "path" {
			idx = append(idx, i)
		}
	}
	if len(idx) == 0 {
		return nil
	}
	for _, i := range idx {
		if err := d.Files.CheckFile(ctx, files[i].Path); err != nil {
			return localFileError(fmt.Sprintf("%s[%d].path", field, i), err)
		}
	}
	for _, i := range idx {
		a, _, err := d.upload(ctx, c, fmt.Sprintf("%s[%d].path", field, i), files[i].Path)
		if err != nil {
			return err
		}
		in[i] = heygen.AssetFile(a.AssetID)
	}
	return nil
}
