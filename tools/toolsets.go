package tools

import (
	"fmt"
	"slices"
	"strings"

	"github.com/invopop/jsonschema"
)

// Toolset names. A toolset is declared once, here; tools name theirs in
// their Definition.
const (
	ToolsetVideoAgent  = "video_agent"
	ToolsetVideos      = "videos"
	ToolsetTranslation = "translation"
	ToolsetSpeech      = "speech"
	ToolsetAvatars     = "avatars"
	ToolsetLibrary     = "library"
	// ToolsetDynamic holds list_toolsets and enable_toolset, offered with
	// --dynamic-toolsets; it is not one a user names.
	ToolsetDynamic = "dynamic"
)

// Toolset describes one group of tools a server can offer (--toolsets).
type Toolset struct {
	Name        string
	Description string
	// Default toolsets are on unless --toolsets says otherwise.
	Default bool
}

// Toolsets returns every toolset, the default ones first.
func Toolsets() []Toolset {
	return []Toolset{
		{Name: ToolsetVideoAgent, Default: true, Description: "HeyGen's Video Agent: a video from a prompt, its sessions and " +
			"questions, styles, avatars and voices to choose from, uploads and downloads."},
		{Name: ToolsetVideos, Description: "Avatar videos from a script (avatar or photo, voice, background, Avatar IV), " +
			"listing and deleting videos."},
		{Name: ToolsetTranslation, Description: "Video translation into other languages, with its status and the supported languages."},
		{Name: ToolsetSpeech, Description: "Text to speech and voice lookup."},
		{Name: ToolsetAvatars, Description: "Avatar groups and looks, and creating photo avatars and digital twins."},
		{Name: ToolsetLibrary, Description: "Brand kits, assets, and large uploads."},
	}
}

// DefaultToolsets returns the names of the toolsets on by default.
func DefaultToolsets() []string {
	var out []string
	for _, t := range Toolsets() {
		if t.Default {
			out = append(out, t.Name)
		}
	}
	return out
}

// ToolsetNames returns every toolset's name.
func ToolsetNames() []string {
	var out []string
	for _, t := range Toolsets() {
		out = append(out, t.Name)
	}
	return out
}

// ParseToolsets reads a comma-separated list of toolset names; "all" means
// every toolset and "default" the default ones. An unknown name is an error
// that lists the valid ones.
func ParseToolsets(spec string) ([]string, error) {
	var out []string
	add := func(names ...string) {
		for _, n := range names {
			if !slices.Contains(out, n) {
				out = append(out, n)
			}
		}
	}
	for part := range strings.SplitSeq(spec, ",") {
		name := strings.ToLower(strings.TrimSpace(part))
		switch {
		case name == "":
		case name == "all":
			add(ToolsetNames()...)
		case name == "default":
			add(DefaultToolsets()...)
		case slices.Contains(ToolsetNames(), name):
			add(name)
		default:
			return nil, fmt.Errorf("unknown toolset %q; valid toolsets: %s, or all, or default", name, strings.Join(ToolsetNames(), ", "))
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no toolset named; valid toolsets: %s, or all, or default", strings.Join(ToolsetNames(), ", "))
	}
	return out, nil
}

// SelectAll is every tool (every toolset, and the dynamic-toolset tools),
// read-only or not: for tests.
func SelectAll(readOnly bool) Selection {
	return Selection{Toolsets: ToolsetNames(), ReadOnly: readOnly, Dynamic: true}
}

// toolsetName is a toolset argument: its schema's enum is ToolsetNames.
type toolsetName string

// JSONSchema is invopop's hook for a type's own schema.
func (toolsetName) JSONSchema() *jsonschema.Schema {
	s := &jsonschema.Schema{Type: "string"}
	for _, n := range ToolsetNames() {
		s.Enum = append(s.Enum, n)
	}
	return s
}
