package elicit

import (
	"regexp"
	"strings"
)

const maxChoices = 25

var (
	// inlineOptions finds "Options: a, b, c." (the simulator's and HeyGen's
	// phrasing in chat mode is inferred: the agent's question is free text).
	inlineOptions = regexp.MustCompile(`(?i)\b(?:options|choices|choose from|pick one of)\s*:\s*`)
	// listItem is one line of a numbered or bulleted list.
	listItem = regexp.MustCompile(`^\s*(?:\d{1,2}[.)]|[-*•])\s+(.+?)\s*$`)
	// quotedReply finds extra answers offered in quotes: say "you pick".
	quotedReply = regexp.MustCompile(`(?i)\b(?:say|reply|answer|type)\s+["“]([^"”]{1,40})["”]`)
	// approveWord spots a storyboard checkpoint: Reply "approve" to render it.
	approveWord = regexp.MustCompile(`(?i)\bapprov(?:e|al)\b`)
)

// Parse reads the choices a question offers: an inline "Options:" list, a
// numbered or bulleted list, or an approve-or-change review. Anything else is
// a free-text question (no Choices).
func Parse(question string) Question {
	q := Question{Text: question}
	items := inlineList(question)
	if len(items) < 2 {
		items = lineList(question)
	}
	if len(items) >= 2 {
		for _, it := range items {
			q.Choices = appendChoice(q.Choices, Choice{Value: it, Title: titleOf(it)})
		}
		for _, m := range quotedReply.FindAllStringSubmatch(question, -1) {
			if v := strings.TrimSpace(m[1]); !strings.EqualFold(v, approveValue) {
				q.Choices = appendChoice(q.Choices, Choice{Value: v, Title: upperFirst(v)})
			}
		}
		return q
	}
	if approveWord.MatchString(question) {
		q.Review = true
		q.Choices = []Choice{
			{Value: approveValue, Title: "Approve and render the video"},
			{Value: changesValue, Title: "Request changes"},
		}
	}
	return q
}

func appendChoice(cs []Choice, c Choice) []Choice {
	if c.Value == "" || len(cs) >= maxChoices {
		return cs
	}
	for _, have := range cs {
		if strings.EqualFold(have.Value, c.Value) {
			return cs
		}
	}
	return append(cs, c)
}

// inlineList splits the text after "Options:" up to the end of its sentence,
// at commas, semicolons and "or" outside parentheses.
func inlineList(question string) []string {
	loc := inlineOptions.FindStringIndex(question)
	if loc == nil {
		return nil
	}
	rest := question[loc[1]:]
	var (
		items []string
		cur   strings.Builder
		depth int
	)
	flush := func() {
		it := strings.TrimSpace(cur.String())
		for _, p := range []string{"or ", "and "} {
			it = strings.TrimSpace(strings.TrimPrefix(it, p))
		}
		it = strings.TrimRight(it, ".")
		if it != "" {
			items = append(items, it)
		}
		cur.Reset()
	}
	for i := 0; i < len(rest); i++ {
		ch := rest[i]
		switch {
		case ch == '(' || ch == '[':
			depth++
		case (ch == ')' || ch == ']') && depth > 0:
			depth--
		case depth == 0 && (ch == '?' || ch == '\n'):
			flush()
			return items
		case depth == 0 && ch == '.' && (i+1 == len(rest) || rest[i+1] == ' '):
			flush()
			return items
		case depth == 0 && (ch == ',' || ch == ';'):
			flush()
			continue
		case depth == 0 && strings.HasPrefix(rest[i:], " or "):
			flush()
			i += len(" or ") - 1
			continue
		}
		cur.WriteByte(ch)
	}
	flush()
	return items
}

// lineList collects the items of a numbered or bulleted list.
func lineList(question string) []string {
	var items []string
	for line := range strings.SplitSeq(question, "\n") {
		if m := listItem.FindStringSubmatch(line); m != nil {
			items = append(items, strings.TrimRight(m[1], ".;,"))
		}
	}
	return items
}

// titleOf drops a trailing "(voice_id ...)" so the user sees the name; the
// value sent to the agent keeps it.
func titleOf(item string) string {
	if i := strings.LastIndex(item, " ("); i > 0 && strings.HasSuffix(item, ")") {
		return strings.TrimSpace(item[:i])
	}
	return item
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
