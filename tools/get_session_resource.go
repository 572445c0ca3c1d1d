package tools

import (
	"context"
	"fmt"
	"strings"
)

// GetSessionResourceParams are the arguments of get_session_resource.
type GetSessionResourceParams struct {
	SessionID  ID `json:"session_id" jsonschema:"required,minLength=1,description=Session id (e.g. sess_abc123)."`
	ResourceID ID `json:"resource_id" jsonschema:"required,minLength=1,description=Resource id from a message's resource_ids in get_session (e.g. res_abc123)."`
}

// SessionResourceResult is get_session_resource's structured content.
type SessionResourceResult struct {
	ResourceID   string         `json:"resource_id"`
	ResourceType string         `json:"resource_type"`
	SourceType   string         `json:"source_type,omitempty"`
	URL          string         `json:"url,omitempty"`
	PreviewURL   string         `json:"preview_url,omitempty"`
	ThumbnailURL string         `json:"thumbnail_url,omitempty"`
	Metadata     map[string]any `json:"metadata,omitempty"`
	CreatedAt    int64          `json:"created_at,omitempty"`
}

func (r SessionResourceResult) toolText() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Resource %s (%s", r.ResourceID, r.ResourceType)
	if r.SourceType != "" {
		b.WriteString(", " + r.SourceType)
	}
	b.WriteString(").")
	for _, kv := range [][2]string{{"URL", r.URL}, {"Preview", r.PreviewURL}, {"Thumbnail", r.ThumbnailURL}} {
		if kv[1] != "" {
			fmt.Fprintf(&b, "\n%s: %s", kv[0], kv[1])
		}
	}
	if len(r.Metadata) > 0 {
		b.WriteString("\nMetadata is in the structured result.")
	}
	return b.String()
}

func (registry) GetSessionResource() Definition {
	return define(Definition{
		Name: "get_session_resource", Title: "Open a session resource", Toolset: ToolsetVideoAgent,
		Example: `{"session_id": "sess_abc123", "resource_id": "res_abc123"}`,
		Hints:   readHints,
		Description: "Fetch one resource a Video Agent session refers to (storyboard draft, image, video, avatar or voice) by the resource_ids " +
			"listed in get_session messages: its type, URLs and metadata. Use it to show the user a storyboard before approving it.",
	}, Deps.getSessionResource)
}

func (d Deps) getSessionResource(ctx context.Context, p GetSessionResourceParams) (SessionResourceResult, error) {
	c, _, err := d.client(ctx)
	if err != nil {
		return SessionResourceResult{}, err
	}
	res, err := c.GetSessionResource(ctx, string(p.SessionID), string(p.ResourceID))
	if err != nil {
		return SessionResourceResult{}, err
	}
	return SessionResourceResult{
		ResourceID: res.ResourceID, ResourceType: res.ResourceType, SourceType: deref(res.SourceType),
		URL: deref(res.URL), PreviewURL: deref(res.PreviewURL), ThumbnailURL: deref(res.ThumbnailURL),
		Metadata: res.Metadata, CreatedAt: deref(res.CreatedAt),
	}, nil
}
