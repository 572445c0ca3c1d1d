package tools

import (
	"context"
	"fmt"
	"strings"

	"github.com/mark3labs/mcp-go/server"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

// ListStylesParams are the arguments of list_styles (GET /v3/video-agents/styles).
type ListStylesParams struct {
	Tag   string `json:"tag,omitempty" jsonschema:"maxLength=64,description=Only styles with this tag. Known tags: cinematic / retro-tech / iconic-artist / pop-culture / handmade / print."`
	Limit int    `json:"limit,omitempty" jsonschema:"minimum=1,maximum=100,description=Styles per page (1-100; default 20)."`
	Token string `json:"token,omitempty" jsonschema:"maxLength=2048,description=next_token from the previous page; omit for the first page."`
}

// StyleResult is one style.
type StyleResult struct {
	StyleID         string   `json:"style_id"`
	Name            string   `json:"name"`
	Tags            []string `json:"tags"`
	AspectRatio     string   `json:"aspect_ratio,omitempty"`
	ThumbnailURL    string   `json:"thumbnail_url,omitempty"`
	PreviewVideoURL string   `json:"preview_video_url,omitempty"`
}

// ListStylesResult is list_styles' structured content.
type ListStylesResult struct {
	Styles    []StyleResult `json:"styles"`
	HasMore   bool          `json:"has_more"`
	NextToken string        `json:"next_token,omitempty"`
}

func (r ListStylesResult) toolText() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d style(s). Pass a style_id to create_video.", len(r.Styles))
	for _, s := range r.Styles {
		fmt.Fprintf(&b, "\n- %s: %s", s.StyleID, s.Name)
		if len(s.Tags) > 0 {
			fmt.Fprintf(&b, " [%s]", strings.Join(s.Tags, ", "))
		}
		if s.AspectRatio != "" {
			fmt.Fprintf(&b, " %s", s.AspectRatio)
		}
	}
	b.WriteString(moreText(r.HasMore, r.NextToken))
	return b.String()
}

func listStylesTool(d Deps) server.ServerTool {
	return NewTool("list_styles", "List video styles",
		"Curated visual styles for the Video Agent (name, tags, aspect ratio, preview links), filterable by tag and paged. "+
			"Pass a style_id to create_video.",
		readHints,
		func(ctx context.Context, p ListStylesParams) (ListStylesResult, error) {
			c, _, err := d.client(ctx)
			if err != nil {
				return ListStylesResult{}, err
			}
			page, err := c.ListStyles(ctx, &heygen.ListStylesOptions{ListOptions: heygen.ListOptions{Limit: p.Limit, Token: p.Token}, Tag: p.Tag})
			if err != nil {
				return ListStylesResult{}, err
			}
			r := ListStylesResult{Styles: make([]StyleResult, 0, len(page.Data)), HasMore: page.HasMore, NextToken: page.Next()}
			for _, s := range page.Data {
				tags := s.Tags
				if tags == nil {
					tags = []string{}
				}
				r.Styles = append(r.Styles, StyleResult{
					StyleID: s.StyleID, Name: s.Name, Tags: tags, AspectRatio: deref(s.AspectRatio),
					ThumbnailURL: deref(s.ThumbnailURL), PreviewVideoURL: deref(s.PreviewVideoURL),
				})
			}
			return r, nil
		})
}

// ListAvatarsParams are the arguments of list_avatars (GET /v3/avatars/looks).
type ListAvatarsParams struct {
	AvatarType string `json:"avatar_type,omitempty" jsonschema:"enum=studio_avatar,enum=digital_twin,enum=photo_avatar,description=Only this kind of avatar."`
	Ownership  string `json:"ownership,omitempty" jsonschema:"enum=public,enum=private,description=public: HeyGen's stock avatars. private: the account's own avatars."`
	GroupID    string `json:"group_id,omitempty" jsonschema:"maxLength=128,pattern=^[A-Za-z0-9_.:=-]+$,description=Only looks of this avatar group."`
	Limit      int    `json:"limit,omitempty" jsonschema:"minimum=1,maximum=50,description=Avatars per page (1-50; default 20)."`
	Token      string `json:"token,omitempty" jsonschema:"maxLength=2048,description=next_token from the previous page; omit for the first page."`
}

// AvatarResult is one avatar look.
type AvatarResult struct {
	AvatarID             string `json:"avatar_id"`
	Name                 string `json:"name"`
	AvatarType           string `json:"avatar_type,omitempty"`
	GroupID              string `json:"group_id,omitempty"`
	DefaultVoiceID       string `json:"default_voice_id,omitempty"`
	PreferredOrientation string `json:"preferred_orientation,omitempty"`
	PreviewImageURL      string `json:"preview_image_url,omitempty"`
	Status               string `json:"status,omitempty"`
}

// ListAvatarsResult is list_avatars' structured content.
type ListAvatarsResult struct {
	Avatars   []AvatarResult `json:"avatars"`
	HasMore   bool           `json:"has_more"`
	NextToken string         `json:"next_token,omitempty"`
}

func (r ListAvatarsResult) toolText() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d avatar look(s). Pass an avatar_id to create_video or send_message.", len(r.Avatars))
	for _, a := range r.Avatars {
		fmt.Fprintf(&b, "\n- %s: %s", a.AvatarID, a.Name)
		if a.AvatarType != "" {
			fmt.Fprintf(&b, " (%s)", a.AvatarType)
		}
		if a.DefaultVoiceID != "" {
			fmt.Fprintf(&b, " default voice %s", a.DefaultVoiceID)
		}
	}
	b.WriteString(moreText(r.HasMore, r.NextToken))
	return b.String()
}

func listAvatarsTool(d Deps) server.ServerTool {
	return NewTool("list_avatars", "List avatars",
		"Avatar looks the account can use (stock and own), with filters and paging. Each avatar_id can be passed to create_video or send_message.",
		readHints,
		func(ctx context.Context, p ListAvatarsParams) (ListAvatarsResult, error) {
			c, _, err := d.client(ctx)
			if err != nil {
				return ListAvatarsResult{}, err
			}
			page, err := c.ListAvatarLooks(ctx, &heygen.ListAvatarLooksOptions{
				ListOptions: heygen.ListOptions{Limit: p.Limit, Token: p.Token},
				GroupID:     p.GroupID, AvatarType: p.AvatarType, Ownership: p.Ownership,
			})
			if err != nil {
				return ListAvatarsResult{}, err
			}
			r := ListAvatarsResult{Avatars: make([]AvatarResult, 0, len(page.Data)), HasMore: page.HasMore, NextToken: page.Next()}
			for _, a := range page.Data {
				r.Avatars = append(r.Avatars, AvatarResult{
					AvatarID: a.ID, Name: a.Name, AvatarType: a.AvatarType, GroupID: deref(a.GroupID),
					DefaultVoiceID: deref(a.DefaultVoiceID), PreferredOrientation: deref(a.PreferredOrientation),
					PreviewImageURL: deref(a.PreviewImageURL), Status: deref(a.Status),
				})
			}
			return r, nil
		})
}

// ListVoicesParams are the arguments of list_voices (GET /v3/voices).
type ListVoicesParams struct {
	Type     string `json:"type,omitempty" jsonschema:"enum=public,enum=private,description=public: HeyGen's stock voices. private: the account's cloned voices."`
	Language string `json:"language,omitempty" jsonschema:"maxLength=64,description=Only voices in this language (e.g. English)."`
	Gender   string `json:"gender,omitempty" jsonschema:"maxLength=32,description=Only voices of this gender (e.g. female)."`
	Engine   string `json:"engine,omitempty" jsonschema:"maxLength=64,description=Only voices of this speech engine."`
	Limit    int    `json:"limit,omitempty" jsonschema:"minimum=1,maximum=100,description=Voices per page (1-100; default 20)."`
	Token    string `json:"token,omitempty" jsonschema:"maxLength=2048,description=next_token from the previous page; omit for the first page."`
}

// VoiceResult is one voice.
type VoiceResult struct {
	VoiceID         string `json:"voice_id"`
	Name            string `json:"name"`
	Language        string `json:"language,omitempty"`
	Gender          string `json:"gender,omitempty"`
	Type            string `json:"type,omitempty"`
	PreviewAudioURL string `json:"preview_audio_url,omitempty"`
}

// ListVoicesResult is list_voices' structured content.
type ListVoicesResult struct {
	Voices    []VoiceResult `json:"voices"`
	HasMore   bool          `json:"has_more"`
	NextToken string        `json:"next_token,omitempty"`
}

func (r ListVoicesResult) toolText() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d voice(s). Pass a voice_id to create_video or send_message.", len(r.Voices))
	for _, v := range r.Voices {
		fmt.Fprintf(&b, "\n- %s: %s", v.VoiceID, v.Name)
		var attrs []string
		for _, a := range []string{v.Language, v.Gender, v.Type} {
			if a != "" {
				attrs = append(attrs, a)
			}
		}
		if len(attrs) > 0 {
			fmt.Fprintf(&b, " (%s)", strings.Join(attrs, ", "))
		}
	}
	b.WriteString(moreText(r.HasMore, r.NextToken))
	return b.String()
}

func listVoicesTool(d Deps) server.ServerTool {
	return NewTool("list_voices", "List voices",
		"Voices the account can use, filterable by type, language, gender and engine, paged. Each voice_id can be passed to create_video or send_message.",
		readHints,
		func(ctx context.Context, p ListVoicesParams) (ListVoicesResult, error) {
			c, _, err := d.client(ctx)
			if err != nil {
				return ListVoicesResult{}, err
			}
			page, err := c.ListVoices(ctx, &heygen.ListVoicesOptions{
				ListOptions: heygen.ListOptions{Limit: p.Limit, Token: p.Token},
				Type:        p.Type, Engine: p.Engine, Language: p.Language, Gender: p.Gender,
			})
			if err != nil {
				return ListVoicesResult{}, err
			}
			r := ListVoicesResult{Voices: make([]VoiceResult, 0, len(page.Data)), HasMore: page.HasMore, NextToken: page.Next()}
			for _, v := range page.Data {
				r.Voices = append(r.Voices, VoiceResult{
					VoiceID: v.VoiceID, Name: v.Name, Language: deref(v.Language), Gender: deref(v.Gender),
					Type: deref(v.Type), PreviewAudioURL: deref(v.PreviewAudioURL),
				})
			}
			return r, nil
		})
}
