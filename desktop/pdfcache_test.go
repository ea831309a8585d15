package desktop

import "github.com/codebench/codebench/internal/testenv"

// The PDF engine's compiled code is kept between test runs (see
// testenv.PDFEngineCache) instead of being compiled again, under -race,
// in each test's data folder.
func init() { pdfCache = testenv.PDFEngineCache() }
