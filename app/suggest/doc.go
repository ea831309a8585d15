// Package suggest proposes codes from a clinical note: it finds the
// diagnoses, symptoms, status facts and procedures a note documents, decides
// for each mention whether it is present, negated, uncertain, history or
// family history, weighs it by the note section it sits in, resolves it to
// codes through the search engine's term resolution (the Alphabetic Index
// and titles, package search), and applies the conventions a coder would
// (combination codes, use-additional-code, symptoms integral to a
// definitive diagnosis). Every suggestion carries the words that support it.
//
// It proposes; a coder decides. Nothing here assigns a code.
package suggest
