package tools

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	"github.com/mark3labs/mcp-go/server"

	"github.com/heygen-mcp/heygen-mcp/heygen"
	"github.com/heygen-mcp/heygen-mcp/internal/localfiles"
)

// UploadAssetParams are upload_asset's arguments.
type UploadAssetParams struct {
	Path string `json:"path" jsonschema:"required,minLength=1,maxLength=4096,description=Path of a local file inside the directories the user allowed (--allow-dir or the client's roots): absolute (e.g. /home/me/videos/logo.png) or relative to the first allowed directory. png/jpeg/mp4/webm/mp3/wav/pdf/srt up to 32 MB."`
}

// AssetFileRef is the files entry that passes an uploaded asset to create_video
// or send_message.
type AssetFileRef struct {
	Type    string `json:"type"`
	AssetID string `json:"asset_id"`
}

// UploadAssetResult is upload_asset's structured content.
type UploadAssetResult struct {
	AssetID   string `json:"asset_id"`
	URL       string `json:"url"`
	MimeType  string `json:"mime_type"`
	SizeBytes int64  `json:"size_bytes"`
	Path      string `json:"path"`
	// File is the ready-made files entry: {"type":"asset_id","asset_id":...}.
	File AssetFileRef `json:"file"`
}

func (r UploadAssetResult) toolText() string {
	return fmt.Sprintf("Uploaded %s (%s, %d bytes) as HeyGen asset %s. To use it, add this entry to files in create_video "+
		"or send_message: {\"type\":\"asset_id\",\"asset_id\":%q}.", r.Path, r.MimeType, r.SizeBytes, r.AssetID, r.AssetID)
}

// UploadAssetTool is upload_asset: POST /v3/assets with a local file from an
// allowed directory. Every path check runs before any request to HeyGen.
func UploadAssetTool(deps Deps, files *localfiles.Allowed) server.ServerTool {
	return NewTool("upload_asset", "Upload a local file to HeyGen",
		"Upload a local file (inside the directories the user allowed) to HeyGen and get an asset_id to pass in files of "+
			"create_video or send_message as {\"type\":\"asset_id\",\"asset_id\":...}. Accepts png, jpeg, mp4, webm, mp3, "+
			"wav, pdf, srt up to 32 MB. Use it for reference images, logos, slides or footage the agent should use.",
		Hints{ReadOnly: false, Destructive: false, Idempotent: false, OpenWorld: true},
		func(ctx context.Context, p UploadAssetParams) (UploadAssetResult, error) {
			// A missing key is said first, as by every tool; it costs no request.
			c, _, err := deps.client(ctx)
			if err != nil {
				return UploadAssetResult{}, err
			}
			up, err := readUpload(ctx, files, "path", p.Path)
			if err != nil {
				return UploadAssetResult{}, err
			}
			a, err := c.UploadAsset(ctx, up.Name, bytes.NewReader(up.Data))
			if err != nil {
				return UploadAssetResult{}, uploadAdvice(err)
			}
			return UploadAssetResult{
				AssetID: a.AssetID, URL: a.URL, MimeType: a.MimeType, SizeBytes: a.SizeBytes, Path: up.Path,
				File: AssetFileRef{Type: "asset_id", AssetID: a.AssetID},
			}, nil
		})
}

// ResolvePathFiles turns a files entry {"type":"path","path":...} into an
// uploaded asset: the path is checked against the allowed directories, size
// and type are checked, then the file goes to POST /v3/assets. A refused path
// is an *ArgumentError on field "path" and nothing is sent.
func ResolvePathFiles(ctx context.Context, c *heygen.Client, files *localfiles.Allowed, path string) (heygen.AssetInput, error) {
	return resolvePathFile(ctx, c, files, "path", path)
}

// resolvePathFile is ResolvePathFiles with the argument's field name (e.g.
// "files[2].path") for the error.
func resolvePathFile(ctx context.Context, c *heygen.Client, files *localfiles.Allowed, field, path string) (heygen.AssetInput, error) {
	up, err := readUpload(ctx, files, field, path)
	if err != nil {
		return heygen.AssetInput{}, err
	}
	if c == nil {
		return heygen.AssetInput{}, errors.New("no HeyGen client to upload with")
	}
	a, err := c.UploadAsset(ctx, up.Name, bytes.NewReader(up.Data))
	if err != nil {
		return heygen.AssetInput{}, uploadAdvice(err)
	}
	return heygen.AssetFile(a.AssetID), nil
}

// uploadAdvice explains an upload whose outcome is unknown. The client already
// retried it under one Idempotency-Key (documented on POST /v3/assets, so
// HeyGen stores it once); a new call sends a new key, so at worst HeyGen keeps
// a second copy of the file. Assets cost no credits: that is harmless, unlike
// a repeated create_video.
func uploadAdvice(err error) error {
	if !heygen.OutcomeUnknown(err) {
		return err
	}
	return &retryAdviceError{err: err, advice: "HeyGen may or may not have stored the file. Uploading it again is harmless: " +
		"at worst HeyGen keeps a second copy of the asset, and uploads cost no credits."}
}

func readUpload(ctx context.Context, files *localfiles.Allowed, field, path string) (*localfiles.Upload, error) {
	files.RefreshRoots(ctx)
	up, err := files.ReadUpload(path)
	if err != nil {
		return nil, localFileError(field, err)
	}
	return up, nil
}

// localFileError makes a refused local path an argument error: the model can
// fix it, and it says nothing was sent.
func localFileError(field string, err error) error {
	var le *localfiles.Error
	if errors.As(err, &le) {
		return &ArgumentError{Field: field, Message: le.Msg}
	}
	return err
}
