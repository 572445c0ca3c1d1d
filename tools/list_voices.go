package tools

import (
	"context"
	"fmt"
	"strings"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

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

func (registry) ListVoices() Definition {
	return define(Definition{
		Name: "list_voices", Title: "List voices", Toolset: ToolsetVideoAgent, Shared: []string{ToolsetSpeech},
		Example:     `{"limit": 3}`,
		Hints:       readHints,
		Description: "Voices the account can use, filterable by type, language, gender and engine, paged. Each voice_id can be passed to create_video or send_message.",
	}, Deps.listVoices)
}

func (d Deps) listVoices(ctx context.Context, p ListVoicesParams) (ListVoicesResult, error) {
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
}
