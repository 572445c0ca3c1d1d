package tools

import (
	"context"
	"fmt"
	"strings"
)

// ListTranslationLanguagesParams are the arguments of list_translation_languages
// (GET /v3/video-translations/languages): none.
type ListTranslationLanguagesParams struct{}

// ListTranslationLanguagesResult is list_translation_languages' structured content.
type ListTranslationLanguagesResult struct {
	Languages []string `json:"languages" jsonschema:"description=Target language names to pass in create_video_translation's output_languages."`
}

func (r ListTranslationLanguagesResult) toolText() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d target language(s). Pass names exactly as listed in create_video_translation's output_languages.", len(r.Languages))
	for _, l := range r.Languages {
		b.WriteString("\n- " + l)
	}
	return b.String()
}

func (registry) ListTranslationLanguages() Definition {
	return define(Definition{
		Name: "list_translation_languages", Title: "List video translation languages", Toolset: ToolsetTranslation,
		Example:     `{}`,
		Hints:       readHints,
		Description: "The target languages a video can be translated into (names such as Spanish (Spain)). Pass them in create_video_translation's output_languages.",
	}, Deps.listTranslationLanguages)
}

func (d Deps) listTranslationLanguages(ctx context.Context, _ ListTranslationLanguagesParams) (ListTranslationLanguagesResult, error) {
	c, _, err := d.client(ctx)
	if err != nil {
		return ListTranslationLanguagesResult{}, err
	}
	l, err := c.ListTranslationLanguages(ctx)
	if err != nil {
		return ListTranslationLanguagesResult{}, err
	}
	r := ListTranslationLanguagesResult{Languages: l.Languages}
	if r.Languages == nil {
		r.Languages = []string{}
	}
	return r, nil
}
