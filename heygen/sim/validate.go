package sim

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

// createBody is POST /v3/video-agents as the simulator reads it. Unknown fields,
// including the deprecated auto_proceed and skip_agentic_stop, are ignored
// (inferred).
type createBody struct {
	Prompt        *string           `json:"prompt"`
	Mode          *string           `json:"mode"`
	AvatarID      *string           `json:"avatar_id"`
	VoiceID       *string           `json:"voice_id"`
	StyleID       *string           `json:"style_id"`
	BrandKitID    *string           `json:"brand_kit_id"`
	Orientation   *string           `json:"orientation"`
	Files         []json.RawMessage `json:"files"`
	CallbackURL   *string           `json:"callback_url"`
	CallbackID    *string           `json:"callback_id"`
	IncognitoMode *bool             `json:"incognito_mode"`
}

// messageBody is POST /v3/video-agents/{id}. auto_proceed is HeyGen's
// "skip interactive review and go straight to video generation (no storyboard
// approval step)", boolean, default false; skip_agentic_stop
// is ignored.
type messageBody struct {
	Message     *string           `json:"message"`
	AvatarID    *string           `json:"avatar_id"`
	VoiceID     *string           `json:"voice_id"`
	BrandKitID  *string           `json:"brand_kit_id"`
	Files       []json.RawMessage `json:"files"`
	AutoProceed *bool             `json:"auto_proceed"`
}

// decodeJSON reads a JSON object; a failure names the offending field when the
// decoder knows it.
func decodeJSON(body []byte, v any) *reply {
	if len(bytes.TrimSpace(body)) == 0 {
		body = []byte("{}")
	}
	if err := json.Unmarshal(body, v); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && te.Field != "" {
			r := invalidParam(te.Field, fmt.Sprintf("%s must be a JSON %s, not %s.", te.Field, jsonKind(te.Type.Kind().String()), te.Value))
			return &r
		}
		msg := "The request body must be a JSON object."
		var se *json.SyntaxError
		if errors.As(err, &se) {
			msg = fmt.Sprintf("The request body is not valid JSON (error at byte %d).", se.Offset)
		} else if errors.Is(err, io.ErrUnexpectedEOF) || strings.Contains(err.Error(), "unexpected end of JSON") {
			msg = "The request body is not valid JSON (it ends too early)."
		}
		r := invalidParam("", msg)
		return &r
	}
	return nil
}

func jsonKind(goKind string) string {
	switch goKind {
	case "string":
		return "string"
	case "bool":
		return "boolean"
	case "slice":
		return "array"
	case "map", "struct":
		return "object"
	default:
		return "number"
	}
}

func checkText(param string, v *string, maxLen int) *reply {
	if v == nil || *v == "" {
		r := invalidParam(param, fmt.Sprintf("%s is required and must be 1-%d characters.", param, maxLen))
		return &r
	}
	if n := utf8.RuneCountInString(*v); n > maxLen {
		r := invalidParam(param, fmt.Sprintf("%s is %d characters; the maximum is %d.", param, n, maxLen))
		return &r
	}
	return nil
}

func checkEnum(param string, v *string, allowed ...string) *reply {
	if v == nil {
		return nil
	}
	for _, a := range allowed {
		if *v == a {
			return nil
		}
	}
	r := invalidParam(param, fmt.Sprintf("%s must be one of %s, not %q.", param, strings.Join(allowed, ", "), *v))
	return &r
}

// assetInputBody is HeyGen's AssetInput union as the simulator reads it:
// {"type": "url"|"asset_id"|"base64", "url", "asset_id", "media_type", "data"}.
type assetInputBody struct {
	Type      *string `json:"type"`
	URL       *string `json:"url"`
	AssetID   *string `json:"asset_id"`
	MediaType *string `json:"media_type"`
	Data      *string `json:"data"`
}

// inlineMedia is what a base64 AssetInput may carry where it is used: ok
// accepts a media_type and use names the accepted ones in the refusal.
type inlineMedia struct {
	ok  func(mediaType string) bool
	use string
}

// agentFileMedia is the file kinds Video Agent takes.
var agentFileMedia = inlineMedia{
	ok: func(mt string) bool {
		switch strings.ToLower(mt) {
		case "image/png", "image/jpeg", "video/mp4", "video/webm", "audio/mpeg", "audio/mp3",
			"audio/wav", "audio/x-wav", "audio/wave", "application/pdf":
			return true
		}
		return false
	},
	use: "png, jpeg, mp4, webm, mp3, wav or pdf",
}

// checkAssetInput validates one AssetInput named field (such as "files[2]",
// "image" or "file"); a refusal names the member, e.g. "files[2].asset_id".
// A url must be an absolute http(s) URL, and base64 data must decode as
// standard base64 with a media_type that media accepts.
func checkAssetInput(field string, raw json.RawMessage, media inlineMedia) *reply {
	var f assetInputBody
	if err := json.Unmarshal(raw, &f); err != nil {
		return badParam(field, "%s must be an object with a type of url, asset_id or base64.", field)
	}
	switch deref(f.Type) {
	case "url":
		if !set(f.URL) {
			return badParam(field+".url", "%s.url is required when type is \"url\".", field)
		}
		if !absHTTP(*f.URL) {
			return badParam(field+".url", "%s.url must be a public http(s) URL.", field)
		}
	case "asset_id":
		// Existence is not checked: HeyGen reports unusable assets later as a
		// failed render (download_failed), not at create (inferred).
		if !set(f.AssetID) {
			return badParam(field+".asset_id", "%s.asset_id is required when type is \"asset_id\".", field)
		}
	case "base64":
		if !set(f.MediaType) {
			return badParam(field+".media_type", "%s.media_type is required when type is \"base64\".", field)
		}
		if !set(f.Data) {
			return badParam(field+".data", "%s.data is required when type is \"base64\".", field)
		}
		if !media.ok(*f.MediaType) {
			return badParam(field+".media_type", "%s.media_type %s is not accepted: use %s.", field, *f.MediaType, media.use)
		}
		if _, err := base64.StdEncoding.DecodeString(*f.Data); err != nil {
			return badParam(field+".data", "%s.data is not valid standard base64.", field)
		}
	case "":
		return badParam(field+".type", "%s.type is required: one of url, asset_id, base64.", field)
	default:
		return badParam(field+".type", "%s.type must be one of url, asset_id, base64, not %q.", field, *f.Type)
	}
	return nil
}

// checkFiles validates the files union with a param such as
// "files[2].asset_id".
func checkFiles(files []json.RawMessage) *reply {
	if len(files) > heygen.MaxFiles {
		r := invalidParam("files", fmt.Sprintf("files has %d items; the maximum is %d.", len(files), heygen.MaxFiles))
		return &r
	}
	for i, raw := range files {
		if r := checkAssetInput(fmt.Sprintf("files[%d]", i), raw, agentFileMedia); r != nil {
			return r
		}
	}
	return nil
}

func checkCallbackURL(v *string) *reply {
	if v == nil || *v == "" {
		return nil
	}
	if !absHTTP(*v) {
		r := invalidParam("callback_url", "callback_url must be an absolute http(s) URL.")
		return &r
	}
	return nil
}

func (b *createBody) validate() *reply {
	if r := checkText("prompt", b.Prompt, heygen.MaxPromptLen); r != nil {
		return r
	}
	if r := checkEnum("mode", b.Mode, heygen.ModeGenerate, heygen.ModeChat); r != nil {
		return r
	}
	if r := checkEnum("orientation", b.Orientation, heygen.OrientationLandscape, heygen.OrientationPortrait); r != nil {
		return r
	}
	if r := checkFiles(b.Files); r != nil {
		return r
	}
	return checkCallbackURL(b.CallbackURL)
}

func (b *messageBody) validate() *reply {
	if r := checkText("message", b.Message, heygen.MaxMessageLen); r != nil {
		return r
	}
	return checkFiles(b.Files)
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}
