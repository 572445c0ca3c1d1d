package tools

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
)

// schemaNode is the subset of JSON Schema our reflected input schemas use. The
// bounds written once in a params struct's tags are both advertised to the
// client and enforced here, so the two cannot drift apart.
type schemaNode struct {
	Type        string                 `json:"type"`
	Description string                 `json:"description"`
	Properties  map[string]*schemaNode `json:"properties"`
	Required    []string               `json:"required"`
	Items       *schemaNode            `json:"items"`
	Enum        []any                  `json:"enum"`
	MinLength   *int                   `json:"minLength"`
	MaxLength   *int                   `json:"maxLength"`
	Minimum     *float64               `json:"minimum"`
	Maximum     *float64               `json:"maximum"`
	MinItems    *int                   `json:"minItems"`
	MaxItems    *int                   `json:"maxItems"`
	Pattern     string                 `json:"pattern"`

	re *regexp.Regexp
}

// compilePatterns compiles every pattern once, when the tool is built: the
// nodes are shared by all concurrent calls of a tool, so check must only read.
func (s *schemaNode) compilePatterns() error {
	if s == nil {
		return nil
	}
	if s.Pattern != "" {
		re, err := regexp.Compile(s.Pattern)
		if err != nil {
			return fmt.Errorf("pattern %q: %w", s.Pattern, err)
		}
		s.re = re
	}
	for _, p := range s.Properties {
		if err := p.compilePatterns(); err != nil {
			return err
		}
	}
	return s.Items.compilePatterns()
}

// check validates v (decoded with encoding/json into any) against the node and
// returns an *ArgumentError naming the first offending field.
func (s *schemaNode) check(path string, v any) error {
	if s == nil || v == nil {
		return nil
	}
	switch val := v.(type) {
	case map[string]any:
		for _, r := range s.Required {
			if _, ok := val[r]; !ok {
				return argErr(join(path, r), "is required: %s", firstSentence(s.Properties[r]))
			}
		}
		for _, k := range sortedKeys(val) {
			if err := s.Properties[k].check(join(path, k), val[k]); err != nil {
				return err
			}
		}
	case []any:
		if s.MinItems != nil && len(val) < *s.MinItems {
			return argErr(path, "needs at least %d item(s), got %d", *s.MinItems, len(val))
		}
		if s.MaxItems != nil && len(val) > *s.MaxItems {
			return argErr(path, "has %d items; at most %d are allowed", len(val), *s.MaxItems)
		}
		for i, item := range val {
			if err := s.Items.check(fmt.Sprintf("%s[%d]", path, i), item); err != nil {
				return err
			}
		}
	case string:
		n := utf8.RuneCountInString(val)
		if s.MinLength != nil && n < *s.MinLength {
			if n == 0 {
				return argErr(path, "must not be empty: %s", firstSentence(s))
			}
			return argErr(path, "is %d characters; at least %d are needed", n, *s.MinLength)
		}
		if s.MaxLength != nil && n > *s.MaxLength {
			return argErr(path, "is %d characters; the limit is %d: shorten it", n, *s.MaxLength)
		}
		if len(s.Enum) > 0 && !slices.Contains(s.Enum, any(val)) {
			return argErr(path, "%q is not allowed; use one of: %s", val, enumList(s.Enum))
		}
		if s.re != nil {
			if !s.re.MatchString(val) {
				return argErr(path, "%q has characters that are not allowed (expected pattern %s): %s", truncate(val, 60), s.Pattern, firstSentence(s))
			}
		}
	case float64:
		if s.Minimum != nil && val < *s.Minimum {
			return argErr(path, "is %v; the minimum is %v", val, *s.Minimum)
		}
		if s.Maximum != nil && val > *s.Maximum {
			return argErr(path, "is %v; the maximum is %v", val, *s.Maximum)
		}
		if len(s.Enum) > 0 && !slices.Contains(s.Enum, any(val)) {
			return argErr(path, "%v is not allowed; use one of: %s", val, enumList(s.Enum))
		}
	}
	return nil
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func enumList(e []any) string {
	parts := make([]string, len(e))
	for i, v := range e {
		b, _ := json.Marshal(v)
		parts[i] = string(b)
	}
	return strings.Join(parts, ", ")
}

// firstSentence gives the start of a field's description, the part that says
// what the field is, for error messages.
func firstSentence(s *schemaNode) string {
	if s == nil || s.Description == "" {
		return "see the tool's input schema"
	}
	return firstSentenceOf(s.Description)
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}
