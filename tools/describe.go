package tools

import (
	"strings"
	"unicode"
)

// firstSentenceOf returns the first sentence of a description, without its
// final period: the text up to the first ". " (or the end) whose period does
// not close an abbreviation such as "e.g.", "i.e." or "etc.".
func firstSentenceOf(d string) string {
	d = strings.TrimSpace(d)
	for i := 0; i < len(d); i++ {
		if d[i] != '.' || !endsSentence(d, i) {
			continue
		}
		return strings.TrimSpace(d[:i])
	}
	return strings.TrimSuffix(d, ".")
}

// endsSentence reports whether the period at d[i] ends a sentence: it is
// followed by a space (or is the last byte) and does not close an abbreviation.
func endsSentence(d string, i int) bool {
	if i+1 < len(d) && d[i+1] != ' ' && d[i+1] != '\n' {
		return false
	}
	word := d[:i]
	if j := strings.LastIndexFunc(word, func(r rune) bool { return !unicode.IsLetter(r) && r != '.' }); j >= 0 {
		word = word[j+1:]
	}
	// Abbreviations end with a period without ending a sentence; descriptions
	// use them in examples ("(e.g. sess_abc123)").
	switch strings.ToLower(word) {
	case "e.g", "i.e", "etc", "vs", "cf":
		return false
	}
	return true
}
