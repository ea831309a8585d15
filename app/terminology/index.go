package terminology

// Index is one index-like book: the ICD-10-CM Alphabetic Index, the
// External Cause Index, the Table of Drugs and Chemicals, the Neoplasm
// Table or the ICD-10-PCS Index. Its main terms are a tree: walk
// Terms and each term's Terms to any depth.
type Index struct {
	Kind  IndexKind `json:"kind"`
	Year  int       `json:"year"`  // fiscal year of the release it came from
	Title string    `json:"title"` // as published, e.g. "ICD-10-CM INDEX TO DISEASES and INJURIES"
	// Heads are a table's column headings, Heads[0] being column 1
	// ("Substance", "Poisoning Accidental (unintentional)", ...).
	Heads []string     `json:"heads,omitempty"`
	Terms []*IndexTerm `json:"terms"` // main terms in published order
}

// IndexTerm is a main term or a subterm of an index, with what it leads
// to. Exactly what the XML gives is kept: the code as printed ("I21.-"
// for an incomplete code), cross-references as text.
type IndexTerm struct {
	Title   string `json:"title"`             // without nonessential modifiers
	Nemod   string `json:"nemod,omitempty"`   // nonessential modifiers, e.g. "(acute) (chronic)"
	Code    string `json:"code,omitempty"`    // code as printed, e.g. "I21.9" or "I21.-"
	Manif   string `json:"manif,omitempty"`   // manifestation code, shown in brackets
	See     string `json:"see,omitempty"`     // "see" cross-reference
	SeeAlso string `json:"seeAlso,omitempty"` // "see also" cross-reference
	SeeCat  string `json:"seeCat,omitempty"`  // "see category" code
	Subcat  string `json:"subcat,omitempty"`  // "see subcategory" code
	// PCS index: "use" body-part/device term, the code (or partial code)
	// a "see" leads to, and the table it points at.
	Use   string       `json:"use,omitempty"`
	Codes string       `json:"codes,omitempty"`
	Tab   string       `json:"tab,omitempty"`
	Cells []Cell       `json:"cells,omitempty"` // Drug and Neoplasm tables: codes by column
	Terms []*IndexTerm `json:"terms,omitempty"` // subterms
}

// Cell is one code of a Drug or Neoplasm table row; Col is the 1-based
// column (Index.Heads[Col-1] names it). "--" cells are not kept.
type Cell struct {
	Col  int    `json:"col"`
	Code string `json:"code"`
}
