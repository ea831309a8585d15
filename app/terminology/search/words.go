package search

import "strings"

// Words is the text's words normalised the way the index normalises
// titles, index entries and queries (lower case, accents folded, light
// plural and verb-ending stemming; a hyphenated run also gives its joined
// form), stop words included. Callers that match a hit against the words
// of a note use it so both sides agree on what a word is.
func Words(s string) []string {
	out := make([]string, 0, wordsIn(s))
	eachToken(s, false, func(t token) { out = append(out, t.text) })
	return nilIfNone(out)
}

// Word normalises one word as Words does; "" when it has no letter or
// digit.
func Word(w string) string {
	if w == LetterA {
		return w // normalised already ("title: hepatitis, a_")
	}
	first, found := "", false
	eachToken(w, false, func(t token) {
		if !found {
			first, found = t.text, true
		}
	})
	return first
}

// StopWord reports whether a normalised word is one the search ignores
// ("the", "patient", "presents").
func StopWord(w string) bool { return stopWords[w] }

// StrongWords is the words of an Alphabetic Index path or title that are
// not nonessential modifiers (those in parentheses) nor stop words.
func StrongWords(s string) []string {
	out := make([]string, 0, wordsIn(s))
	eachToken(s, true, func(t token) {
		if !t.weak && !stopWords[t.text] {
			out = append(out, t.text)
		}
	})
	return nilIfNone(out)
}

// ContentWords is the normalised words of s that are not stop words,
// nonessential modifiers included: a title's parentheses are part of it
// ("Chronic systolic (congestive) heart failure").
func ContentWords(s string) []string {
	out := make([]string, 0, wordsIn(s))
	eachToken(s, false, func(t token) {
		if !stopWords[t.text] {
			out = append(out, t.text)
		}
	})
	return nilIfNone(out)
}

// wordsIn is about how many words s has (its spaces and one), the room
// the lists above start with rather than growing to it.
func wordsIn(s string) int {
	return strings.Count(s, " ") + 1
}

// nilIfNone keeps the lists' old form for a text without words: nil.
func nilIfNone(out []string) []string {
	if len(out) == 0 {
		return nil
	}
	return out
}
