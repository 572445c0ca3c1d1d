package tools

import (
	"context"
	"errors"
	"fmt"

	"github.com/heygen-mcp/heygen-mcp/heygen"
	"github.com/heygen-mcp/heygen-mcp/internal/localfiles"
)

// UploadAssetParams are upload_asset's arguments.
type UploadAssetParams struct {
	Path string `json:"path" jsonschema:"required,minLength=1,maxLength=4096,description=Path of a local file inside the directories the user allowed (--allow-dir or the client's roots): absolute (e.g. /home/me/videos/logo.png) or relative to the first allowed directory. png/jpeg/mp4/webm/mp3/wav/pdf/srt up to 2 GB."`
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

// UploadAsset is upload_asset: POST /v3/assets with a local file from an
// allowed directory, or for a file over 32 MB HeyGen's direct upload
// (POST /v3/assets/direct-uploads, a PUT streamed from disk, POST
// /v3/assets/{asset_id}/complete). Every path check runs before any request
// to HeyGen.
func (registry) UploadAsset() Definition {
	return define(Definition{
		Name: "upload_asset", Title: "Upload a local file to HeyGen", Toolset: ToolsetVideoAgent,
		Shared:  []string{ToolsetLibrary},
		Example: `{"path": "/home/me/videos/logo.png"}`,
		Hints:   Hints{ReadOnly: false, Destructive: false, Idempotent: false, OpenWorld: true},
		Description: "Upload a local file (inside the directories the user allowed) to HeyGen and get an asset_id to pass in files of " +
			"create_video or send_message as {\"type\":\"asset_id\",\"asset_id\":...}. Accepts png, jpeg, mp4, webm, mp3, " +
			"wav, pdf, srt up to 2 GB. Use it for reference images, logos, slides or footage the agent should use.",
	}, Deps.uploadAsset)
}

func (d Deps) uploadAsset(ctx context.Context, p UploadAssetParams) (UploadAssetResult, error) {
	// A missing key is said first, as by every tool; it costs no request.
	c, _, err := d.client(ctx)
	if err != nil {
		return UploadAssetResult{}, err
	}
	a, up, err := d.upload(ctx, c, "path", p.Path)
	if err != nil {
		return UploadAssetResult{}, err
	}
	return UploadAssetResult{
		AssetID: a.AssetID, URL: a.URL, MimeType: a.MimeType, SizeBytes: a.SizeBytes, Path: d.Files.Display(up.Path),
		File: AssetFileRef{Type: "asset_id", AssetID: a.AssetID},
	}, nil
}

// upload sends the local file at path (a direct upload over 32 MB, with
// progress notifications) (the argument named field) to HeyGen
// through the package that owns local files: a refused path is an
// *ArgumentError on field and nothing is sent.
func (d Deps) upload(ctx context.Context, c *heygen.Client, field, path string) (*heygen.Asset, *localfiles.Upload, error) {
	a, up, err := d.Files.UploadFile(ctx, c, path, d.uploadProgress(ctx))
	if up == nil {
		return nil, nil, localFileError(field, err)
	}
	if err != nil {
		return nil, nil, uploadAdvice(err)
	}
	return a, up, nil
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

// localFileError makes a refused local path an argument error: the model can
// fix it, and it says nothing was sent.
func localFileError(field string, err error) error {
	var le *localfiles.Error
	if errors.As(err, &le) {
		return &ArgumentError{Field: field, Message: le.Msg}
	}
	return err
}
