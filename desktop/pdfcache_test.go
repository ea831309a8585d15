package desktop

import (
	"github.com/codebench/codebench/app/intake"
	"github.com/codebench/codebench/internal/testenv"
)

// The PDF engine is process-wide and the first Warm wins: its compiled code
// is kept between test runs (see testenv.PDFEngineCache) instead of being
// compiled again, under -race, in each test's data folder.
func init() { intake.Warm(testenv.PDFEngineCache()) }
