// Package terminology owns the code sets: it imports the official CMS/CDC
// release files (ICD-10-CM, ICD-10-PCS, HCPCS Level II, the Tabular List and
// Alphabetic Index XML, the Drug and Neoplasm tables, the POA-exempt list),
// keeps them in one model across fiscal years, writes and loads the compact
// pack the binary embeds, and searches them in the coder's own words.
//
// The model of one code (Concept and its parts) lives in app/codeset, which
// imports nothing heavy; the names below are that package's, so code that
// already loads the code sets reads them from here.
package terminology

import (
	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/codeset"
)

// FirstYear is the first fiscal year of ICD-10 in the United States.
const FirstYear = codeset.FirstYear

// The model of a code, from app/codeset.
type (
	Years     = codeset.Years
	Title     = codeset.Title
	NoteKind  = codeset.NoteKind
	Note      = codeset.Note
	SevenChr  = codeset.SevenChr
	IndexRef  = codeset.IndexRef
	Concept   = codeset.Concept
	IndexKind = codeset.IndexKind
)

// Tabular List note kinds, named as in the CDC XML.
const (
	InclusionTerm     = codeset.InclusionTerm
	Includes          = codeset.Includes
	Excludes1         = codeset.Excludes1
	Excludes2         = codeset.Excludes2
	CodeFirst         = codeset.CodeFirst
	UseAdditionalCode = codeset.UseAdditionalCode
	CodeAlso          = codeset.CodeAlso
	Notes             = codeset.Notes
	SevenChrNote      = codeset.SevenChrNote
)

// The Alphabetic Index books and tables Codebench imports.
const (
	MainIndex     = codeset.MainIndex
	ExternalIndex = codeset.ExternalIndex
	DrugTable     = codeset.DrugTable
	NeoplasmTable = codeset.NeoplasmTable
	PCSIndex      = codeset.PCSIndex
)

// Display is codeset.Display: the code as a coder writes it.
func Display(sys app.System, code string) string { return codeset.Display(sys, code) }

// Canonical is codeset.Canonical: a typed code in its stored form.
func Canonical(code string) string { return codeset.Canonical(code) }
